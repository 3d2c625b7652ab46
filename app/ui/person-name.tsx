import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The roles the forum vouches for: a display name alone proves nothing. */
const VERIFIED_ROLES = ["official", "moderator", "counterStaff", "administrator"] as const;

/**
 * A person's name wherever others see it. Officials, moderators, counter staff and
 * administrators carry a verified mark that the forum adds itself, so that a resident who names themselves exactly like
 * the director ("王局长") still shows as a resident. Names may not contain check marks (see the
 * display name schema), so the mark cannot be typed into a name either.
 */
export function PersonName({ name, roles, to }: { name: string; roles: readonly string[]; to?: string }) {
  const { t } = useTranslation();
  const verified = VERIFIED_ROLES.filter((role) => roles.includes(role));
  return (
    <span className="person-name">
      {to ? <Link to={to}>{name}</Link> : name}
      {verified.length ? (
        <span className="verified-mark" title={t("people.verifiedHint")}>
          <span aria-hidden="true">✔ </span>
          {t("people.verified", { roles: verified.map((role) => t(`roles.${role}`)).join(t("shell.listSeparator")) })}
        </span>
      ) : null}
    </span>
  );
}

/** The roles of a person loaded with their role rows and department memberships. */
export function rolesOf(person: { roles: ReadonlyArray<{ name: string }>; memberships: readonly unknown[] }): string[] {
  return [...(person.memberships.length ? ["official"] : []), ...person.roles.map((role) => role.name)];
}
