// What became of a question, for the person who asked it (My questions) and for the clerk who
// calls them back (the counter list): why it was not published, the question it was merged into,
// and the latest answer.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/ui/format";
import { UserText } from "~/ui/user-text";

export interface QuestionOutcomeView {
  state: string;
  rejectionReason?: string | null;
  mergedInto?: { id: string; sessionId: string; text: string } | null;
  latestAnswer?: { authorName: string; createdAt: string; text: string } | null;
}

export function QuestionOutcome({ question }: { question: QuestionOutcomeView }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      {question.state === "rejected" && question.rejectionReason ? (
        <p>{t("interviews.myQuestions.reason", { reason: question.rejectionReason })}</p>
      ) : null}
      {question.state === "merged" && question.mergedInto ? (
        <p>
          {t("interviews.myQuestions.mergedInto")}{" "}
          <Link to={`/interviews/${question.mergedInto.sessionId}#q-${question.mergedInto.id}`}>
            <UserText text={question.mergedInto.text} />
          </Link>
        </p>
      ) : null}
      {question.latestAnswer ? (
        <div>
          <p className="hint">
            {t("interviews.myQuestions.latestAnswer", {
              name: question.latestAnswer.authorName,
              time: format.dateTime(question.latestAnswer.createdAt),
            })}
          </p>
          <UserText as="p" text={question.latestAnswer.text} />
        </div>
      ) : null}
    </>
  );
}
