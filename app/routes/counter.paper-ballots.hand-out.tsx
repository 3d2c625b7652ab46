import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  handOutPaperBallot,
  listCyclesTakingPaperBallots,
  paperBallotCounts,
  requirePaperDesk,
} from "~/features/priorities/paper-batches.server";
import { submitVotingForm } from "~/features/priorities/voting-form.server";
import { DocumentFields } from "~/features/priorities/document-fields";
import { paperHandOutSchema } from "~/features/priorities/voting-schemas";
import { useVotingText } from "~/features/priorities/voting-view";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { SelectField, SubmitButton } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePaperDesk(request, context);
  const cycles = await listCyclesTakingPaperBallots();
  const counted = await Promise.all(
    cycles.map(async (cycle) => ({
      id: cycle.id,
      titleZh: cycle.titleZh,
      titleEn: cycle.titleEn,
      ...(await paperBallotCounts(cycle.id)),
    })),
  );
  return json({ title: await pageTitle(request, "priorities.voting.handOut.title"), cycles: counted });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePaperDesk(request, context);
  const result = await submitVotingForm(request, paperHandOutSchema, (input) => handOutPaperBallot(user, input));
  if (!result.ok) return result.response;
  // The number typed is not sent back: the next person's form starts empty.
  return redirectWithFlash("/counter/paper-ballots/hand-out", {
    message: "priorities.voting.handOut.done",
    values: { count: String(result.value.handedOut) },
  });
}

export default function HandOutPaperBallot() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const format = useFormat();
  const text = useVotingText();
  const { errors, values } = useFormState();
  return (
    <section aria-labelledby="hand-out-title" className="stack">
      <ErrorSummary errors={errors} />
      <h1 id="hand-out-title">{t("priorities.voting.handOut.title")}</h1>
      {/* Below the heading, so that the heading is on the first screen of a phone. */}
      <p>
        <Link to="/counter/paper-ballots">{t("priorities.voting.paper.title")}</Link>
      </p>
      <p>{t("priorities.voting.handOut.lead")}</p>
      {data.cycles.length === 0 ? (
        <p className="empty-state">{t("priorities.voting.paper.noCycles")}</p>
      ) : (
        <>
          <ul>
            {data.cycles.map((cycle) => (
              <li key={cycle.id}>
                {t("priorities.voting.handOut.tally", {
                  cycle: text.cycleTitle(cycle),
                  handedOut: format.number(cycle.handedOut),
                  entered: format.number(cycle.entered),
                })}
              </li>
            ))}
          </ul>
          <Form method="post" noValidate className="stack">
            <SelectField
              name="cycleId"
              label={t("priorities.voting.paper.cycle")}
              defaultValue={values.cycleId}
              options={data.cycles.map((cycle) => ({ value: cycle.id, label: text.cycleTitle(cycle) }))}
              error={errors.cycleId}
            />
            <DocumentFields values={values} errors={errors} />
            <SubmitButton pendingLabel={t("priorities.voting.paper.sending")}>
              {t("priorities.voting.handOut.submit")}
            </SubmitButton>
          </Form>
        </>
      )}
    </section>
  );
}
