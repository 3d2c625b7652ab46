import { exportAccountData } from "./accounts.server";
import { describeDevice } from "./devices.server";
import { summarisePersonalData } from "./personal-data.server";

/**
 * The same data as the JSON download, for reading on the page: devices in words instead of
 * user-agent strings, and none of the record references only a program needs.
 */
export async function readableAccountData(userId: string) {
  const data = await exportAccountData(userId);
  return {
    profile: data.profile,
    dataPolicyVersion: data.dataPolicyVersion,
    roles: data.roles,
    departmentMemberships: data.departmentMemberships,
    sessions: data.sessions.map(({ userAgent, ...session }) => ({ ...session, device: describeDevice(userAgent) })),
    auditEntries: data.auditEntries.map(({ action, createdAt, byThisAccount }) => ({
      action,
      createdAt,
      byThisAccount,
    })),
    participation: summarisePersonalData(data as Record<string, unknown>),
    notifications: {
      kept: data.notifications.length,
      unread: data.notifications.filter((notification) => !notification.readAt).length,
      emailed: data.notifications.filter((notification) => notification.emailedAt).length,
    },
  };
}
