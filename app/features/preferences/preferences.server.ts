import { createCookie } from "@remix-run/node";
import { isTextSize } from "~/ui/text-sizes";
import { isTimeZone } from "./schemas";
import { TIME_ZONE_COOKIE } from "./time-zone";

/** The city's own time zone, used until the browser tells us the reader's. */
export const DEFAULT_TIME_ZONE = process.env.CITY_TIME_ZONE ?? "Asia/Shanghai";

export const textSizeCookie = createCookie("text_size", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/**
 * The text size chosen in this browser wins over the one saved with the account, as the
 * language does: it is the choice made on this device (and login saves it to the account).
 */
export async function readPreferences(request: Request, saved?: { textSize?: string }) {
  const header = request.headers.get("cookie");
  const fromCookie = (await textSizeCookie.parse(header)) as unknown;
  const textSize = [fromCookie, saved?.textSize].find(isTextSize) ?? "normal";
  const zone = readRawCookie(header, TIME_ZONE_COOKIE);
  return { textSize, timeZone: isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE };
}

function readRawCookie(header: string | null, name: string): string | undefined {
  const pair = (header ?? "").split(/;\s*/).find((part) => part.startsWith(`${name}=`));
  if (!pair) return undefined;
  try {
    return decodeURIComponent(pair.slice(name.length + 1));
  } catch {
    return undefined;
  }
}
