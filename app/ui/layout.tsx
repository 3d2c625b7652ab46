import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { LANGUAGES } from "~/i18n/config";
import { TEXT_SIZES } from "./text-sizes";

interface HeaderProps {
  user: { displayName: string; isAdministrator: boolean; atCounterDesk: boolean; unreadNotifications: number } | null;
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
        {/* On a phone the navigation and preferences fold behind a menu button, so that the page's
            own heading starts on the first screen even with the largest text; <details> opens
            without JavaScript. On wider screens the CSS shows the contents and hides the button. */}
        <details className="site-menu">
          <summary>{t("shell.menu")}</summary>
          <div className="site-menu-panel">
            <nav aria-label={t("shell.accountNav")} className="account-nav">
              {user ? (
                <>
                  <Link to="/account">
                    {/* The name alone does not say where the link goes. */}
                    <span className="visually-hidden">{t("shell.accountLinkPrefix")}</span>
                    {user.displayName}
                  </Link>
                  <NotificationsLink unread={user.unreadNotifications} />
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
                  {LANGUAGES.filter((language) => language !== locale).map((language, index) => (
                    // Keyed by position, not by language: the same button stays in the page after the
                    // switch, so it keeps the focus instead of dropping it to the top of the page.
                    <button
                      key={index}
                      type="submit"
                      name="locale"
                      value={language}
                      lang={language}
                      className="link-button"
                    >
                      {t(`languages.${language}`)}
                    </button>
                  ))}
                </Form>
                <LanguageAnnouncement locale={locale} />
                <Form
                  method="post"
                  action="/settings"
                  className="inline-form text-size"
                  aria-label={t("shell.textSize")}
                >
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
                    >
                      {/* The name starts with what is seen ("A++ Largest text"), so that voice-control
                    users can say the button's visible text (WCAG 2.5.3, label in name). */}
                      {t(`shell.textSizeGlyph.${size}`)}
                      <span className="visually-hidden"> {t(`shell.textSizes.${size}`)}</span>
                    </button>
                  ))}
                </Form>
              </div>
            </div>
          </div>
        </details>
      </div>
    </header>
  );
}

/**
 * "Notifications" with the number of unread ones beside it. Screen readers hear "Notifications,
 * 3 unread" rather than "Notifications 3"; the name starts with the visible word, so that voice
 * control users can say it (WCAG 2.5.3). Past 99 it shows "99+".
 */
function NotificationsLink({ unread }: { unread: number }) {
  const { t } = useTranslation();
  const number = unread > 99 ? "99+" : String(unread);
  return (
    <Link to="/notifications" aria-label={unread > 0 ? t("notifications.headerUnread", { number }) : undefined}>
      {t("notifications.headerLink")}
      {/* A real space: the visible text ("Notifications 3") must read as part of the name. */}
      {unread > 0 ? (
        <>
          {" "}
          <span className="unread-count">{number}</span>
        </>
      ) : null}
    </Link>
  );
}

/**
 * Says "the page is now in English" after the language button is used: the button keeps the
 * focus, and screen readers would not otherwise notice that the whole page has changed. The
 * live region is in the page from the start and says nothing on the first page load.
 */
function LanguageAnnouncement({ locale }: { locale: string }) {
  const { i18n } = useTranslation();
  const [message, setMessage] = useState("");
  const previous = useRef(locale);
  useEffect(() => {
    // In the new language, which i18next itself switches to only after this effect.
    if (previous.current !== locale) setMessage(i18n.getFixedT(locale)("shell.languageChanged"));
    previous.current = locale;
  }, [locale, i18n]);
  return (
    <span className="visually-hidden" aria-live="polite" lang={locale}>
      {message}
    </span>
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
