import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LANGUAGES } from "~/i18n/config";
import { TEXT_SIZES } from "~/features/preferences/schemas";

interface HeaderProps {
  user: { displayName: string; isAdministrator: boolean; atCounterDesk: boolean } | null;
  locale: string;
  textSize: string;
}

export function SiteHeader({ user, locale, textSize }: HeaderProps) {
  const { t } = useTranslation();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("shell.skipToContent")}
      </a>
      <div className="bar">
        <Link to="/" className="brand">
          {t("shell.siteName")}
        </Link>
        <nav aria-label={t("shell.accountNav")} className="account-nav">
          {user ? (
            <>
              <Link to="/account">{user.displayName || t("account.title")}</Link>
              {user.atCounterDesk ? <Link to="/counter">{t("nav.counter")}</Link> : null}
              {user.isAdministrator ? <Link to="/admin">{t("nav.admin")}</Link> : null}
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">
                  {t("nav.logout")}
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link to={`/login?redirectTo=${encodeURIComponent(here)}`}>{t("nav.login")}</Link>
              <Link to="/register">{t("nav.register")}</Link>
            </>
          )}
        </nav>
      </div>
      <div className="bar secondary">
        <nav aria-label={t("shell.mainNav")} className="main-nav">
          <NavLink to="/" end>
            {t("nav.home")}
          </NavLink>
          <NavLink to="/interviews">{t("nav.interviews")}</NavLink>
          <NavLink to="/priorities">{t("nav.priorities")}</NavLink>
          <NavLink to="/policies">{t("nav.policies")}</NavLink>
        </nav>
        <div className="preferences">
          <Form method="post" action="/settings" className="inline-form" aria-label={t("shell.language")}>
            <input type="hidden" name="redirectTo" value={here} />
            {LANGUAGES.filter((language) => language !== locale).map((language) => (
              <button key={language} type="submit" name="locale" value={language} lang={language} className="link-button">
                {t(`languages.${language}`)}
              </button>
            ))}
          </Form>
          <Form method="post" action="/settings" className="inline-form text-size" aria-label={t("shell.textSize")}>
            <input type="hidden" name="redirectTo" value={here} />
            <span aria-hidden="true">{t("shell.textSize")}</span>
            {TEXT_SIZES.map((size) => (
              <button
                key={size}
                type="submit"
                name="textSize"
                value={size}
                aria-pressed={size === textSize}
                className={`size-${size}`}
                aria-label={t(`shell.textSizes.${size}`)}
              >
                {t(`shell.textSizeGlyph.${size}`)}
              </button>
            ))}
          </Form>
        </div>
      </div>
    </header>
  );
}

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <p>{t("shell.footer")}</p>
      <nav aria-label={t("shell.footerNav")}>
        <Link to="/data-policy">{t("nav.dataPolicy")}</Link>
      </nav>
    </footer>
  );
}
