import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCounterDesk } from "~/features/accounts/auth.server";
import { findResident, listAreaNames, verifyResident } from "~/features/priorities/verification.server";
import { submitVotingForm, type VotingOutcome } from "~/features/priorities/voting-form.server";
import { DocumentFields } from "~/features/priorities/document-fields";
import { counterVerifySchema, findResidentSchema } from "~/features/priorities/voting-schemas";
import { useVotingText } from "~/features/priorities/voting-view";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Checkbox, Field, SelectField, SubmitButton } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireCounterDesk(request, context);
  return json({ title: await pageTitle(request, "priorities.voting.counter.title"), areas: await listAreaNames() });
}

type Found = Awaited<ReturnType<typeof findResident>>;
type Step = { found: Found; searched: string } | { verified: string; moved: boolean };

/**
 * Both steps are posts: looking a resident up by email in the address would leave the email in
 * the browser history of a shared counter computer and in access logs.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireCounterDesk(request, context);
  const copy = request.clone();
  // The document verified another account: staff may move it, once they have asked the person.
  let offerMove = false;
  const result = await submitVotingForm(request, counterVerifySchema, async (input): Promise<VotingOutcome<Step>> => {
    if (input.intent === "find")
      return { ok: true, value: { found: await findResident(user, input.email), searched: input.email } };
    const outcome = await verifyResident(user, input);
    offerMove = !outcome.ok && outcome.error === "priorities.voting.errors.documentUsed";
    return outcome.ok
      ? { ok: true, value: { verified: outcome.value.displayName, moved: outcome.value.moved } }
      : outcome;
  });
  if (result.ok && "verified" in result.value) {
    const message = result.value.moved ? "priorities.voting.counter.doneMoved" : "priorities.voting.counter.done";
    return redirectWithFlash("/counter/verify", { message, values: { person: result.value.verified.slice(0, 200) } });
  }
  if (result.ok) return json(result.value);
  // A refused marking keeps the resident on screen, so staff only correct the choice.
  const failure = (await result.response.json()) as object;
  const email = findResidentSchema.safeParse({
    email: (await copy.formData().catch(() => new FormData())).get("email"),
  });
  const found = email.success ? await findResident(user, email.data.email) : null;
  return json(
    { ...failure, found, searched: email.success ? email.data.email : null, offerMove },
    { status: result.response.status },
  );
}

export default function VerifyAtCounter() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const answer = useActionData() as { found?: Found; searched?: string | null; offerMove?: boolean } | undefined;
  const resident = answer?.found ?? null;
  const searched = answer?.searched ?? null;
  const format = useFormat();
  const text = useVotingText();
  const { errors, values } = useFormState();
  return (
    <section aria-labelledby="counter-verify-title" className="stack">
      <ErrorSummary errors={errors} />
      <h1 id="counter-verify-title">{t("priorities.voting.counter.title")}</h1>
      <p>{t("priorities.voting.counter.lead")}</p>
      <Form method="post" noValidate className="stack" role="search">
        <input type="hidden" name="intent" value="find" />
        <Field
          name="email"
          type="email"
          label={t("priorities.voting.counter.email")}
          defaultValue={searched ?? values.email ?? ""}
          autoComplete="off"
          error={resident ? undefined : errors.email}
        />
        <SubmitButton pendingLabel={t("priorities.voting.counter.sending")}>
          {t("priorities.voting.counter.find")}
        </SubmitButton>
      </Form>
      {searched && !resident && !errors.email ? (
        <p className="note">{t("priorities.voting.counter.notFound")}</p>
      ) : null}
      {resident ? (
        <div className="card stack">
          <h2>{resident.displayName}</h2>
          <p>{resident.email}</p>
          {resident.verifications.length ? (
            <ul>
              {resident.verifications.map((verification) => (
                <li key={verification.area.id}>
                  {t("priorities.voting.verifiedFor", { area: text.areaName(verification.area) })}{" "}
                  {t("priorities.voting.verificationDetail", {
                    how: t(
                      `priorities.voting.methodsOfVerification.${verification.method === "code" ? "code" : "counter"}`,
                    ),
                    date: format.date(verification.verifiedAt),
                  })}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("priorities.voting.counter.notVerifiedYet")}</p>
          )}
          {data.areas.length === 0 ? (
            <p className="empty-state">{t("priorities.voting.counter.noAreas")}</p>
          ) : (
            <Form method="post" noValidate className="stack">
              <input type="hidden" name="intent" value="verify" />
              <input type="hidden" name="email" value={resident.email} />
              <SelectField
                name="areaId"
                label={t("priorities.voting.counter.area")}
                defaultValue={values.areaId}
                options={data.areas.map((area) => ({ value: area.id, label: text.areaName(area) }))}
                error={errors.areaId}
              />
              <DocumentFields values={values} errors={errors} hint={t("priorities.voting.counter.documentHint")} />
              {answer?.offerMove ? <Checkbox name="move" label={t("priorities.voting.counter.move")} /> : null}
              <SubmitButton pendingLabel={t("priorities.voting.counter.sending")}>
                {t("priorities.voting.counter.submit")}
              </SubmitButton>
            </Form>
          )}
        </div>
      ) : null}
    </section>
  );
}
