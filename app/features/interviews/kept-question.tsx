import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { TextArea } from "~/ui/form";

/**
 * A question that was being typed when the session stopped taking questions: the form goes, the
 * words stay, read-only, with a way to copy them. Focus was in the form that disappeared, so it
 * moves to this section's heading, which says what happened.
 */
export function KeptQuestion({ text, takeFocus }: { text: string; takeFocus: boolean }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (takeFocus) heading.current?.focus();
  }, [takeFocus]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Without clipboard access (an older browser, a page not served over HTTPS), the words are
      // selected so that the reader's own copy command takes them.
      (document.getElementById("field-keptText") as HTMLTextAreaElement | null)?.select();
      document.execCommand("copy");
    }
    setCopied(true);
  }

  return (
    <section className="stack card kept-question" aria-labelledby="kept-title">
      <h2 id="kept-title" tabIndex={-1} ref={heading}>
        {t("interviews.kept.title")}
      </h2>
      <p>{t("interviews.kept.lead")}</p>
      <TextArea name="keptText" label={t("interviews.kept.label")} readOnly value={text} />
      <p>
        <button type="button" onClick={copy}>
          {t("interviews.kept.copy")}
        </button>
      </p>
      <p aria-live="polite">{copied ? t("interviews.kept.copied") : ""}</p>
    </section>
  );
}
