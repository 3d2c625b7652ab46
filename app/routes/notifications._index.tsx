import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/accounts/auth.server";
import { renderNotification } from "~/features/notifications/kinds";
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  notificationEmailsWanted,
} from "~/features/notifications/notifications.server";
import { notificationActionSchema, notificationsPageSchema } from "~/features/notifications/schemas";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { SubmitButton } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { Pagination } from "~/ui/pagination";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { page } = notificationsPageSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [{ t, locale }, list, emails] = await Promise.all([
    translatorFor(request),
    listNotifications(user.id, page),
    notificationEmailsWanted(user.id),
  ]);
  return json({
    title: await pageTitle(request, "notifications.title"),
    page,
    pageCount: list.pageCount,
    emails,
    // Worded here, in the reader's language: the kinds' wording is registered on the server.
    notifications: list.notifications.map((notification) => ({
      id: notification.id,
      text: renderNotification(notification, t, locale),
      link: notification.link,
      createdAt: notification.createdAt,
      unread: notification.readAt === null,
    })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await submitForm(request, notificationActionSchema, async (form) => {
    const outcome =
      form.intent === "markRead"
        ? await markNotificationRead(user.id, form.notification)
        : await markAllNotificationsRead(user.id);
    return outcome.ok ? { ok: true, value: form } : outcome;
  });
  if (!result.ok) return result.response;
  const { intent, page } = result.value;
  return redirectWithFlash(page > 1 ? `/notifications?page=${page}` : "/notifications", {
    message: intent === "markRead" ? "notifications.markedRead" : "notifications.allMarkedRead",
  });
}

export default function Notifications() {
  const { t } = useTranslation();
  const { notifications, page, pageCount, emails } = useLoaderData<typeof loader>();
  const { errors } = useFormState();
  const format = useFormat();
  const anyUnread = notifications.some((notification) => notification.unread);
  return (
    <section className="page narrow stack" aria-labelledby="notifications-title">
      {/* The only mistake possible is a notification that no longer exists: the message stands alone. */}
      <ErrorSummary errors={{ form: errors.form ?? errors.notification ?? errors.intent }} />
      <h1 id="notifications-title">{t("notifications.title")}</h1>
      <p className="lead">{t("notifications.lead")}</p>
      {emails === null ? null : (
        <p>
          {t(emails ? "notifications.emailOn" : "notifications.emailOff")}{" "}
          <Link to="/account#field-emailNotifications">{t("notifications.emailSettingLink")}</Link>
        </p>
      )}
      {notifications.length === 0 ? (
        <p className="empty-state">{t("notifications.empty")}</p>
      ) : (
        <>
          {anyUnread ? (
            <Form method="post">
              <input type="hidden" name="page" value={page} />
              <SubmitButton name="intent" value="markAllRead" className="secondary" pendingLabel={t("actions.saving")}>
                {t("notifications.markAllRead")}
              </SubmitButton>
            </Form>
          ) : null}
          <ul className="list" aria-labelledby="notifications-title">
            {notifications.map((notification) => (
              <li key={notification.id} className={`list-item notification${notification.unread ? " unread" : ""}`}>
                <div>
                  {/* A word, not only a colour or weight, so that it is seen and heard alike. */}
                  {notification.unread ? <span className="unread-mark">{t("notifications.unread")}</span> : null}
                  <Link to={notification.link} className="notification-link">
                    {notification.text}
                  </Link>
                  <div className="hint">
                    <time dateTime={notification.createdAt}>
                      {t("notifications.received", { date: format.dateTime(notification.createdAt) })}
                    </time>
                  </div>
                </div>
                {notification.unread ? (
                  <Form method="post">
                    <input type="hidden" name="notification" value={notification.id} />
                    <input type="hidden" name="page" value={page} />
                    <button type="submit" name="intent" value="markRead" className="secondary">
                      {t("notifications.markRead")}
                      <span className="visually-hidden">
                        {t("notifications.markReadWhich", { notification: notification.text })}
                      </span>
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
          <Pagination page={page} pageCount={pageCount} />
        </>
      )}
    </section>
  );
}
