import { Link, Outlet, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** A section with its own navigation beside the content (above it on phones, folded). */
export function SidebarLayout({
  label,
  links,
}: {
  label: string;
  links: ReadonlyArray<readonly [to: string, labelKey: string]>;
}) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  // One section is current: the longest link the address is at or under. The first link is the
  // section's index page, current only on its own address; "/counter/paper-ballots/hand-out"
  // is its own section, not also "/counter/paper-ballots".
  const current = links
    .filter(([to], index) => pathname === to || (index > 0 && pathname.startsWith(`${to}/`)))
    .reduce<string | null>((longest, [to]) => (longest === null || to.length > longest.length ? to : longest), null);
  return (
    <div className="page with-sidebar">
      <nav aria-label={label} className="sidebar">
        {/* Folded on a phone, so that the page's heading is on the first screen; it opens
            without JavaScript. The button names the section; inside, the current page is marked. */}
        <details className="sidebar-menu">
          <summary>{label}</summary>
          <ul>
            {links.map(([to, labelKey]) => (
              <li key={to}>
                <Link
                  to={to}
                  className={to === current ? "active" : undefined}
                  aria-current={to === current ? "page" : undefined}
                >
                  {t(labelKey)}
                </Link>
              </li>
            ))}
          </ul>
        </details>
      </nav>
      <div className="content">
        <Outlet />
      </div>
    </div>
  );
}
