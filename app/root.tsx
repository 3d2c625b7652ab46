import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { json } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { getCurrentUser } from "./features/accounts/auth.server";
import { canUseCounterDesk } from "./features/accounts/permissions.server";
import { countUnread, UNREAD_COUNT_CAP } from "./features/notifications/notifications.server";
import { readPreferences } from "./features/preferences/preferences.server";
import { detectLanguage } from "./i18n/i18next.server";
import { isAdministrator } from "./shared/roles";
import { useSubmissionErrors } from "./ui/error-summary";
import { FLASH_MESSAGE_ID, FlashRegion } from "./ui/flash";
import { takeFlash } from "./ui/flash.server";
import { FLASH_MESSAGES } from "./flash-messages";
import { useNonce } from "./ui/nonce";
import { SiteFooter, SiteHeader } from "./ui/layout";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request, context);
  const [unreadNotifications, locale, preferences, { flash, headers }] = await Promise.all([
    // Read with the session (session-adapter.server.ts), so the header adds no query of its own.
    user
      ? user.unreadNotifications === null
        ? countUnread(user.id)
        : Math.min(user.unreadNotifications, UNREAD_COUNT_CAP)
      : 0,
    detectLanguage(request),
    readPreferences(request, user ? { textSize: user.textSize } : undefined),
    takeFlash(request, FLASH_MESSAGES),
  ]);
  return json(
    {
      locale,
      ...preferences,
      flash,
      user: user
        ? {
            id: user.id,
            displayName: user.displayName,
            isAdministrator: isAdministrator(user),
            atCounterDesk: canUseCounterDesk(user),
            unreadNotifications,
          }
        : null,
    },
    { headers },
  );
}

// A confirmation belongs to the page it arrived with: the root loader runs on every navigation,
// so that the next page neither keeps an old message nor misses a new one.
export const shouldRevalidate: ShouldRevalidateFunction = () => true;

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export const handle = { i18n: "translation" };

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData();
  const { i18n: instance } = useTranslation();
  const nonce = useNonce();
  const locale = data?.locale ?? instance.language;
  useChangeLanguage(locale);
  useFocusAfterNavigation();
  // A page for a hall screen or a video overlay (decision 0040) is shown without the site's
  // header, menus and footer: nothing on it is to be pressed.
  const bare = useMatches().some((match) => (match.handle as { bare?: boolean } | undefined)?.bare);
  if (bare)
    return (
      <html lang={locale} dir="ltr" data-text-size={data?.textSize ?? "normal"}>
        <head>
          <meta charSet="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <Meta />
          <Links />
        </head>
        <body className="bare">
          <main id="main">{children}</main>
          <Scripts nonce={nonce} />
        </body>
      </html>
    );
  return (
    <html lang={locale} dir="ltr" data-text-size={data?.textSize ?? "normal"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <ErrorTitle />
        <Meta />
        <Links />
      </head>
      <body>
        <SiteHeader user={data?.user ?? null} locale={locale} textSize={data?.textSize ?? "normal"} />
        <main id="main" tabIndex={-1}>
          <FlashRegion flash={data?.flash} />
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * After a client-side page change, focus moves to the main content, as it would on a full page
 * load, so that screen readers announce the new page instead of staying on the old link. When
 * the navigation brought a confirmation (a form succeeded and redirected), focus goes to that
 * message instead, wherever the form was: the button pressed may be gone, and focus must not
 * fall back to the top of the page.
 */
function useFocusAfterNavigation() {
  const location = useLocation();
  const previousPath = useRef<string | null>(null);
  useEffect(() => {
    const message = document.getElementById(FLASH_MESSAGE_ID);
    if (message) message.focus();
    else if (previousPath.current !== null && previousPath.current !== location.pathname)
      document.getElementById("main")?.focus();
    previousPath.current = location.pathname;
  }, [location.key, location.pathname]);
}

/**
 * "Error: <page title>" while the page shows a form's mistakes, so that the first thing a
 * screen reader says after the page reloads (also without JavaScript) is that something needs
 * fixing. It comes before the title that meta() renders, and a document's first <title> wins.
 */
function ErrorTitle() {
  const { t } = useTranslation();
  const errors = useSubmissionErrors();
  const leaf = useMatches().at(-1)?.data as { title?: string } | undefined;
  if (!errors.length || !leaf?.title) return null;
  return <title>{t("errors.titleWithErrors", { count: errors.length, title: leaf.title })}</title>;
}

export default function App() {
  return <Outlet />;
}

const ERROR_KINDS: Partial<Record<number, string>> = {
  403: "forbidden",
  404: "notFound",
  413: "tooLarge",
  429: "tooManyDownloads",
  503: "busy",
};

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = ERROR_KINDS[status] ?? (status >= 500 ? "serverError" : "badRequest");
  // A 503 is the forum saying it is busy: a bound it keeps (downloads), or an overload that
  // entry.server.tsx's handleError logged in one line. Neither is a failure to log again.
  if (status >= 500 && status !== 503) console.error(error);
  return (
    <section className="page narrow" aria-labelledby="error-title">
      {/* meta() does not run for an error page; document.title reads the first <title> anywhere. */}
      <title>{`${t(`errors.${kind}.title`)} · ${t("shell.siteName")}`}</title>
      <h1 id="error-title">{t(`errors.${kind}.title`)}</h1>
      <p>{t(`errors.${kind}.body`)}</p>
      <p>
        <a href="/" className="standalone-link">
          {t("errors.home")}
        </a>
      </p>
    </section>
  );
}
