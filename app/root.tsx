import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { getCurrentUser } from "./features/accounts/auth.server";
import { readPreferences } from "./features/preferences/preferences.server";
import { detectLanguage } from "./i18n/i18next.server";
import { isAdministrator } from "./shared/roles";
import { useNonce } from "./ui/nonce";
import { SiteFooter, SiteHeader } from "./ui/layout";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const locale = await detectLanguage(request);
  const preferences = await readPreferences(request, user ? { textSize: user.textSize } : undefined);
  return json({
    locale,
    ...preferences,
    user: user ? { id: user.id, displayName: user.displayName, isAdministrator: isAdministrator(user) } : null,
  });
}

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
  useFocusMainOnNavigation();
  return (
    <html lang={locale} dir="ltr" data-text-size={data?.textSize ?? "normal"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <SiteHeader user={data?.user ?? null} locale={locale} textSize={data?.textSize ?? "normal"} />
        <main id="main" tabIndex={-1}>
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
 * load, so that screen readers announce the new page instead of staying on the old link.
 */
function useFocusMainOnNavigation() {
  const location = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById("main")?.focus();
  }, [location.pathname]);
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = status === 404 ? "notFound" : status === 403 ? "forbidden" : "serverError";
  if (status >= 500) console.error(error);
  return (
    <section className="page narrow" aria-labelledby="error-title">
      {/* meta() does not run for an error page; document.title reads the first <title> anywhere. */}
      <title>{`${t(`errors.${kind}.title`)} · ${t("shell.siteName")}`}</title>
      <h1 id="error-title">{t(`errors.${kind}.title`)}</h1>
      <p>{t(`errors.${kind}.body`)}</p>
      <p>
        <a href="/">{t("errors.home")}</a>
      </p>
    </section>
  );
}
