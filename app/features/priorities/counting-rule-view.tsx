import { useTranslation } from "react-i18next";
import { useFormat } from "~/ui/format";
import { explainCountingRule, type CountingRule, type Translate } from "./counting-rule";

/**
 * The counting rule in plain words, one paragraph a sentence: the same sentences on the ballot
 * page and the results page, made from the rule the count applies (counting-rule.ts).
 */
export function CountingRuleText({ rule }: { rule: CountingRule }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      {explainCountingRule(rule, t as Translate, format.number).map((sentence) => (
        <p key={sentence}>{sentence}</p>
      ))}
    </>
  );
}
