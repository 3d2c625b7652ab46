import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** A section with its own navigation beside the content (above it on phones). */
export function SidebarLayout({ label, links }: { label: string; links: ReadonlyArray<readonly [to: string, labelKey: string]> }) {
  const { t } = useTranslation();
  return (
    <div className="page with-sidebar">
      <nav aria-label={label} className="sidebar">
        <ul>
          {links.map(([to, labelKey], index) => (
            <li key={to}>
              {/* The first link is the section's index page: active only on its own address. */}
              <NavLink to={to} end={index === 0}>
                {t(labelKey)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="content">
        <Outlet />
      </div>
    </div>
  );
}
