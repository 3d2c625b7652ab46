import Bowser from "bowser";
import { listSessions } from "./accounts.server";

/** A browser and system in words ("Chrome", "Android"), from the user-agent string a session was started with. */
export interface Device {
  browser?: string;
  system?: string;
}

/**
 * Raw user-agent strings all look alike to a person ("Mozilla/5.0 (Linux; …"), so each session
 * is shown as its browser and system, read by bowser (see docs/decisions/0005-user-agent-parser.md).
 * An iPhone or iPad is named as such rather than as "iOS", which is how people know it.
 */
export function describeDevice(userAgent: string | null): Device | null {
  if (!userAgent) return null;
  const parsed = Bowser.parse(userAgent);
  const device = {
    browser: parsed.browser.name || undefined,
    system: parsed.platform.model || parsed.os.name || undefined,
  };
  return device.browser || device.system ? device : null;
}

/** The person's signed-in sessions, each with its device in words, this one marked. */
export async function listDevices(userId: string, currentSessionId: string) {
  const sessions = await listSessions(userId, currentSessionId);
  return sessions.map(({ userAgent, ...session }) => ({ ...session, device: describeDevice(userAgent) }));
}
