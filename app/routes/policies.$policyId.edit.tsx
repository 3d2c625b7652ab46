import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listDepartmentNames } from "~/features/departments/departments.server";
import { readIntent, unknownIntent } from "~/features/interviews/route-helpers.server";
import { PolicyFields, StatusBadge } from "~/features/policies/components";
import { ChangeModeChoice } from "~/features/policies/policy-suggestions";
import { assignableDepartments } from "~/features/policies/permissions.server";
import { changePolicyStatus, updatePolicy } from "~/features/policies/policies.server";
import { requirePolicyManager } from "~/features/policies/route-helpers.server";
import { dateToDay, policySchema, statusChangeSchema } from "~/features/policies/schemas";
import { STATUS_CHANGE_NAMES, STATUS_CHANGES } from "~/features/policies/state";
import { latestVersion } from "~/features/policies/versions.server";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Checkbox, SubmitButton } from "~/ui/form";
import { isAdministrator } from "~/shared/roles";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, policy } = await requirePolicyManager(request, context, params.policyId);
  const { locale } = await translatorFor(request);
  // The policy's own department stays in the choice even for an administrator's narrower list.
  const departments = assignableDepartments(user, await listDepartmentNames(locale));
  return json({
    title: await pageTitle(request, "policies.editPage.title"),
    policy: { id: policy.id, title: policy.title, status: policy.status, changeMode: policy.changeMode },
    values: {
      title: policy.title,
      summary: policy.summary,
      departmentId: policy.departmentId,
      opensAt: dateToDay(policy.opensAt),
      closesAt: dateToDay(policy.closesAt),
    },
    departments,
    hasVersion: !!(await latestVersion(policy.id)),
    canReopen: isAdministrator(user),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, policy } = await requirePolicyManager(request, context, params.policyId);
  const intent = await readIntent(request);
  if (intent === "status") {
    const result = await submitForm(request, statusChangeSchema, (input) =>
      changePolicyStatus(user, policy, input.change, input.changeMode),
    );
    if (!result.ok) return result.response;
    return redirectWithFlash(`/policies/${policy.id}`, {
      message: "policies.flash.statusChanged",
      values: { status: result.t(`policies.statuses.${result.value.status}`) },
    });
  }
  if (intent !== "update") return unknownIntent(request);
  const result = await submitForm(request, policySchema, (input) => updatePolicy(user, policy, input));
  return result.ok ? redirectWithFlash(`/policies/${policy.id}`, { message: "policies.flash.saved" }) : result.response;
}

export default function EditPolicy() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { errors, values } = useFormState();
  const submitted = Object.keys(values).length > 0 && values.intent !== "status";
  const changes = STATUS_CHANGE_NAMES.filter(
    (change) =>
      (STATUS_CHANGES[change].from as readonly string[]).includes(data.policy.status) &&
      (change !== "reopen" || data.canReopen),
  );
  return (
    <section aria-labelledby="edit-policy-title" className="page stack">
      <p>
        <Link to={`/policies/${data.policy.id}`} className="standalone-link">
          {data.policy.title}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1 id="edit-policy-title">{t("policies.editPage.title")}</h1>
      <Form method="post" noValidate className="stack">
        <PolicyFields values={submitted ? values : data.values} departments={data.departments} errors={errors} />
        <SubmitButton name="intent" value="update" pendingLabel={t("actions.saving")}>
          {t("policies.form.save")}
        </SubmitButton>
      </Form>

      <section aria-labelledby="status-title" className="stack danger-zone">
        <h2 id="status-title">{t("policies.editPage.statusTitle")}</h2>
        <p>
          <StatusBadge status={data.policy.status} /> {t(`policies.statusHelp.${data.policy.status}`)}
        </p>
        <p className="hint">{t("policies.editPage.changedBy")}</p>
        {data.policy.status === "open" || data.policy.status === "closed" ? (
          <p>
            <Link to={`/policies/${data.policy.id}/adopt`}>{t("policies.changes.adoptInstead")}</Link>
          </p>
        ) : null}
        {changes.map((change) => (
          <Form key={change} method="post" className="stack">
            <input type="hidden" name="intent" value="status" />
            {change === "open" && !data.hasVersion ? (
              <p className="hint">{t("policies.changes.needsVersion")}</p>
            ) : null}
            {change === "open" ? (
              <ChangeModeChoice
                selected={values.intent === "status" ? (values.changeMode ?? "") : data.policy.changeMode}
                error={errors.changeMode}
              />
            ) : null}
            {change === "close" ? (
              <Checkbox name="confirm" label={t("policies.changes.confirmClose")} error={errors.confirm} />
            ) : null}
            {change === "reopen" ? (
              <Checkbox
                name="confirm"
                id="field-confirm-reopen"
                label={t("policies.changes.confirmReopen")}
                error={errors.confirm}
              />
            ) : null}
            <SubmitButton
              name="change"
              value={change}
              className={change === "open" ? undefined : "danger"}
              pendingLabel={t("actions.saving")}
            >
              {t(`policies.changes.${change}`)}
            </SubmitButton>
          </Form>
        ))}
      </section>
    </section>
  );
}
