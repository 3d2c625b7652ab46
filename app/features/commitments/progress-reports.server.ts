import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { recordAudit } from "~/features/audit/audit.server";
import { notifyPeople, registerNotificationKinds } from "~/features/notifications/notifications.server";
import { db } from "~/db.server";
import { canReportProgress } from "./permissions.server";
import { publishCommitmentEvent } from "./events.server";
import { dayToDate, type ProgressReportInput } from "./schemas";

// Followers hear of each new progress report: in the forum's inbox, and by email where the
// installation has SMTP and the person wants it. The title is stored in both languages and
// picked when the notification is read, in the reader's language.
registerNotificationKinds({
  "commitments.progressReported": {
    message: "commitments.notifications.progressReported",
    values: (params, locale) => ({
      title: String(
        (locale.startsWith("zh") ? params.titleZh || params.titleEn : params.titleEn || params.titleZh) ?? "",
      ),
      percent: params.percent ?? 0,
    }),
  },
});

/** Today's date in a time zone, as "YYYY-MM-DD". */
export function todayIn(timeZone: string, now = new Date()) {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/**
 * An official of the responsible department posts a dated report. The commitment's status and
 * percent become those of its latest report by date (a report dated earlier than the latest
 * adds to the timeline without changing them). Followers other than the author are notified,
 * once per report: a replayed form is refused by its submission key.
 */
export async function postProgressReport(
  actor: User,
  commitment: { id: string; departmentId: string; titleZh: string; titleEn: string },
  input: ProgressReportInput,
  timeZone: string,
): Promise<Outcome<{ id: string }>> {
  if (!canReportProgress(actor, commitment))
    return { ok: false, field: "form", error: "commitments.errors.notYourDepartment" };
  // "Today" is the official's: a report written late in the evening in Beijing is not refused
  // because the server's clock has another date.
  if (input.reportedOn > todayIn(timeZone))
    return { ok: false, field: "reportedOn", error: "commitments.errors.futureDate" };
  try {
    const { report, sent } = await db.$transaction(async (tx) => {
      const report = await tx.progressReport.create({
        data: {
          commitmentId: commitment.id,
          authorId: actor.id,
          authorName: actor.displayName,
          status: input.status,
          percent: input.percent,
          text: input.text,
          reportedOn: dayToDate(input.reportedOn),
          submissionKey: input.submissionKey,
        },
      });
      const latest = await tx.progressReport.findFirstOrThrow({
        where: { commitmentId: commitment.id },
        orderBy: [{ reportedOn: "desc" }, { createdAt: "desc" }, { id: "desc" }],
        select: { status: true, percent: true },
      });
      await tx.commitment.update({
        where: { id: commitment.id },
        data: { status: latest.status, percent: latest.percent },
      });
      await recordAudit(tx, {
        actor,
        action: "progressReport.post",
        targetType: "commitment",
        targetId: commitment.id,
        detail: {
          title: commitment.titleZh || commitment.titleEn,
          departmentId: commitment.departmentId,
          reportId: report.id,
          status: input.status,
          percent: input.percent,
        },
      });
      const followers = await tx.commitmentFollower.findMany({
        where: { commitmentId: commitment.id, userId: { not: actor.id } },
        select: { userId: true },
      });
      const sent = await notifyPeople(
        tx,
        followers.map((follower) => follower.userId),
        {
          kind: "commitments.progressReported",
          params: { titleZh: commitment.titleZh, titleEn: commitment.titleEn, percent: input.percent },
          link: `/commitments/${commitment.id}#report-${report.id}`,
        },
      );
      return { report, sent };
    });
    void sent.afterCommit();
    publishCommitmentEvent(commitment.id);
    return { ok: true, value: { id: report.id } };
  } catch (error) {
    if ((error as { code?: string })?.code === "P2002")
      return { ok: false, field: "form", error: "commitments.errors.replayed" };
    throw error;
  }
}
