import type { ActionFunctionArgs, LoaderFunctionArgs, AppLoadContext } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/accounts/auth.server";
import { listDepartmentNames } from "~/features/departments/departments.server";
import { PolicyFields } from "~/features/policies/components";
import { assignableDepartments } from "~/features/policies/permissions.server";
import { createPolicy } from "~/features/policies/policies.server";
import { policySchema } from "~/features/policies/schemas";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { SubmitButton } from "~/ui/form";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

/** Officials and administrators only: a resident has no department to give a policy to. */
async function requireCreator(request: Request, context: AppLoadContext) {
  const user = await requireUser(request, context);
  const { locale } = await translatorFor(request);
  const departments = assignableDepartments(user, await listDepartmentNames(locale));
  if (departments.length === 0) throw new Response("Forbidden", { status: 403 });
  return { user, departments };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { departments } = await requireCreator(request, context);
  return json({ title: await pageTitle(request, "policies.newPage.title"), departments });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireCreator(request, context);
  const result = await submitForm(request, policySchema, (input) => createPolicy(user, input));
  return result.ok
    ? redirectWithFlash(`/policies/${result.value.id}`, { message: "policies.flash.created" })
    : result.response;
}

export default function NewPolicy() {
  const { t } = useTranslation();
  const { departments } = useLoaderData<typeof loader>();
  const { errors, values } = useFormState();
  const submitted = Object.keys(values).length > 0;
  return (
    <section aria-labelledby="new-policy-title" className="page stack">
      <p>
        <Link to="/policies" className="standalone-link">
          {t("policies.title")}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1 id="new-policy-title">{t("policies.newPage.title")}</h1>
      <Form method="post" noValidate className="stack">
        <PolicyFields
          values={submitted ? values : { departmentId: departments[0]?.id }}
          departments={departments}
          errors={errors}
        />
        <SubmitButton pendingLabel={t("actions.saving")}>{t("policies.form.create")}</SubmitButton>
      </Form>
    </section>
  );
}
