import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdministrator } from "~/features/accounts/auth.server";
import { runIntent } from "~/features/interviews/route-helpers.server";
import { dateToWallTime } from "~/shared/wall-time";
import { readPreferences } from "~/features/preferences/preferences.server";
import { listAreas } from "~/features/priorities/areas.server";
import { CycleFields } from "~/features/priorities/cycle-fields";
import { BackToCycle } from "~/features/priorities/cycle-view";
import { nextPhase, startPhaseNow, updateCycle } from "~/features/priorities/cycles.server";
import { PHASES, PHASE_START_FIELDS } from "~/features/priorities/phases";
import { requireCycle } from "~/features/priorities/route-helpers.server";
import { cycleSchema, phaseChangeSchema } from "~/features/priorities/schemas";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Checkbox, SubmitButton } from "~/ui/form";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdministrator(request, context);
  const cycle = await requireCycle(params.cycleId);
  const { timeZone } = await readPreferences(request);
  const { locale } = await translatorFor(request);
  return json({
    title: await pageTitle(request, "priorities.form.editTitle"),
    cycle: { id: cycle.id, titleZh: cycle.titleZh, titleEn: cycle.titleEn, phase: cycle.phase },
    next: nextPhase(cycle.phase),
    values: {
      areaId: cycle.areaId,
      titleZh: cycle.titleZh,
      titleEn: cycle.titleEn,
      summaryZh: cycle.summaryZh,
      summaryEn: cycle.summaryEn,
      ballotMethod: cycle.ballotMethod,
      maxChoices: cycle.maxChoices === null ? "" : String(cycle.maxChoices),
      budgetTotal: cycle.budgetTotal === null ? "" : String(cycle.budgetTotal),
      ...Object.fromEntries(
        PHASES.map((phase) => [PHASE_START_FIELDS[phase], dateToWallTime(cycle[PHASE_START_FIELDS[phase]], timeZone)]),
      ),
    },
    areas: await listAreas(locale),
    timeZone,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireAdministrator(request, context);
  const cycle = await requireCycle(params.cycleId);
  const { timeZone } = await readPreferences(request);
  let phase = "";
  const { intent, response } = await runIntent(request, {
    update: () => submitForm(request, cycleSchema, (input) => updateCycle(user, cycle, input, timeZone)),
    phase: async () => {
      const result = await submitForm(request, phaseChangeSchema, (input) => startPhaseNow(user, cycle, input.phase));
      if (result.ok) phase = result.t(`priorities.phases.${result.value.phase}`);
      return result;
    },
  });
  if (!intent) return response;
  if (intent === "phase")
    return redirectWithFlash(`/priorities/${cycle.id}`, {
      message: "priorities.flash.phaseStarted",
      values: { phase },
    });
  return redirectWithFlash(`/priorities/${cycle.id}`, { message: "priorities.flash.cycleSaved" });
}

export default function EditCycle() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { errors, values } = useFormState();
  const submitted = Object.keys(values).length > 0 && values.intent === "update";
  return (
    <section aria-labelledby="edit-cycle-title" className="page stack">
      <BackToCycle cycle={data.cycle} />
      <ErrorSummary errors={errors} />
      <h1 id="edit-cycle-title">{t("priorities.form.editTitle")}</h1>
      <Form method="post" noValidate className="stack">
        <CycleFields
          values={submitted ? values : data.values}
          areas={data.areas}
          errors={submitted ? errors : {}}
          timeZone={data.timeZone}
        />
        <SubmitButton name="intent" value="update" pendingLabel={t("actions.saving")}>
          {t("priorities.form.save")}
        </SubmitButton>
      </Form>

      <section aria-labelledby="phase-title" className="stack danger-zone">
        <h2 id="phase-title">{t("priorities.phaseControl.title")}</h2>
        <p>{t("priorities.phaseIs", { phase: t(`priorities.phases.${data.cycle.phase}`) })}</p>
        {data.next ? (
          <Form method="post" noValidate className="stack">
            <p>{t("priorities.phaseControl.lead")}</p>
            <input type="hidden" name="intent" value="phase" />
            <input type="hidden" name="phase" value={data.next} />
            <Checkbox
              name="confirm"
              label={t("priorities.phaseControl.confirm")}
              error={submitted ? undefined : errors.confirm}
            />
            <SubmitButton className="danger" pendingLabel={t("actions.saving")}>
              {t(`priorities.phaseControl.start.${data.next}`)}
            </SubmitButton>
          </Form>
        ) : (
          <p>{t("priorities.phaseControl.last")}</p>
        )}
      </section>
    </section>
  );
}
