import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCounterDesk } from "~/features/accounts/auth.server";
import { useCycleText } from "~/features/priorities/cycle-view";
import { listCyclesCollecting } from "~/features/priorities/cycles.server";
import { ChannelChoice, ProposalFields } from "~/features/priorities/proposal-view";
import { enterOfflineProposal } from "~/features/priorities/proposals.server";
import { newSubmissionKey } from "~/shared/submission-key.server";
import { offlineProposalSchema } from "~/features/priorities/schemas";
import { OFFLINE_CHANNELS } from "~/features/priorities/state";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { SelectField, SubmitButton } from "~/ui/form";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireCounterDesk(request, context);
  const cycles = await listCyclesCollecting();
  return json({
    title: await pageTitle(request, "priorities.counter.title"),
    cycles: cycles.map(({ id, titleZh, titleEn, area }) => ({ id, titleZh, titleEn, area })),
    submissionKey: newSubmissionKey(),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireCounterDesk(request, context);
  const result = await submitForm(request, offlineProposalSchema, (input) => enterOfflineProposal(user, input));
  return result.ok ? redirectWithFlash("/counter/proposals", { message: "priorities.flash.entered" }) : result.response;
}

export default function EnterProposal() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const text = useCycleText();
  const { errors, values } = useFormState();
  // A new location after each success: the form starts empty again for the next proposal.
  const { key } = useLocation();
  return (
    <section aria-labelledby="enter-title" className="stack">
      <ErrorSummary errors={errors} />
      <h1 id="enter-title">{t("priorities.counter.title")}</h1>
      <p>{t("priorities.counter.lead")}</p>
      {data.cycles.length === 0 ? (
        <p className="empty-state">{t("priorities.counter.noCycles")}</p>
      ) : (
        <Form method="post" noValidate className="stack" key={key}>
          <input type="hidden" name="submissionKey" value={data.submissionKey} />
          <SelectField
            name="cycleId"
            label={t("priorities.counter.cycle")}
            defaultValue={values.cycleId}
            options={data.cycles.map((cycle) => ({
              value: cycle.id,
              label: `${text.title(cycle)} (${text.area(cycle.area)})`,
            }))}
            error={errors.cycleId}
          />
          <ChannelChoice channels={OFFLINE_CHANNELS} selected={values.channel} error={errors.channel} />
          <ProposalFields values={values} errors={errors} />
          <SubmitButton pendingLabel={t("priorities.propose.sending")}>{t("priorities.counter.submit")}</SubmitButton>
        </Form>
      )}
    </section>
  );
}
