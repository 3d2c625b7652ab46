import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/accounts/auth.server";
import { redeemCode } from "~/features/priorities/codes.server";
import { getAreaName, listVerifications } from "~/features/priorities/verification.server";
import { submitVotingForm } from "~/features/priorities/voting-form.server";
import { redeemCodeSchema } from "~/features/priorities/voting-schemas";
import { useVotingText } from "~/features/priorities/voting-view";
import votingStyles from "~/features/priorities/voting.css";
import { isRecordId } from "~/validation";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Field, SubmitButton } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: votingStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  const areaId = url.searchParams.get("areaId");
  const cycleId = url.searchParams.get("cycleId");
  const [area, verifications] = await Promise.all([
    isRecordId(areaId) ? getAreaName(areaId) : null,
    listVerifications(user.id),
  ]);
  return json({
    title: await pageTitle(request, "priorities.voting.redeem.title"),
    area,
    cycleId: isRecordId(cycleId) ? cycleId : null,
    verifications,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  const result = await submitVotingForm(request, redeemCodeSchema, (input) =>
    redeemCode(user, input, context.clientIp),
  );
  if (!result.ok) return result.response;
  // Back to the ballot the resident came from, else to this page with the new mark.
  const cycleId = url.searchParams.get("cycleId");
  const back = isRecordId(cycleId) ? `/priorities/${cycleId}/ballot` : "/priorities/verify";
  return redirectWithFlash(back, { message: "priorities.voting.redeem.done" });
}

export default function RedeemCode() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const format = useFormat();
  const text = useVotingText();
  const { errors, values } = useFormState();
  return (
    <section aria-labelledby="verify-title" className="page stack">
      <ErrorSummary errors={errors} />
      <h1 id="verify-title">{t("priorities.voting.redeem.title")}</h1>
      <p className="lead">{t("priorities.voting.redeem.lead")}</p>
      <h2>{t("priorities.voting.redeem.yourAreas")}</h2>
      {data.verifications.length === 0 ? (
        <p className="empty-state">{t("priorities.voting.redeem.none")}</p>
      ) : (
        <ul>
          {data.verifications.map((verification) => (
            <li key={verification.area.id} className="voter-verified">
              ✓ {t("priorities.voting.verifiedFor", { area: text.areaName(verification.area) })}{" "}
              <span>
                {t("priorities.voting.verificationDetail", {
                  how: t(
                    `priorities.voting.methodsOfVerification.${verification.method === "code" ? "code" : "counter"}`,
                  ),
                  date: format.date(verification.verifiedAt),
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("priorities.voting.redeem.enterCode")}</h2>
      {data.area ? <p>{t("priorities.voting.redeem.forArea", { area: text.areaName(data.area) })}</p> : null}
      <Form method="post" noValidate className="stack">
        {data.area ? <input type="hidden" name="areaId" value={data.area.id} /> : null}
        <Field
          name="code"
          label={t("priorities.voting.redeem.code")}
          hint={t("priorities.voting.redeem.codeHint")}
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          defaultValue={values.code}
          error={errors.code}
        />
        <SubmitButton pendingLabel={t("priorities.voting.redeem.sending")}>
          {t("priorities.voting.redeem.submit")}
        </SubmitButton>
      </Form>
      <p>{t("priorities.voting.redeem.counterInstead")}</p>
      {data.cycleId ? (
        <p>
          <Link to={`/priorities/${data.cycleId}/ballot`}>{t("priorities.voting.redeem.backToBallot")}</Link>
        </p>
      ) : null}
    </section>
  );
}
