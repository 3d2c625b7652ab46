import { z } from "zod";
import { LANGUAGES } from "~/i18n/config";
import { boundedCache } from "~/bounded-cache";
import { TEXT_SIZES } from "~/ui/text-sizes";

/** One of the header's buttons: a language or a text size. */
export const preferenceSchema = z.union([
  z.object({ locale: z.enum(LANGUAGES) }),
  z.object({ textSize: z.enum(TEXT_SIZES) }),
]);

// Trying a zone costs an Intl.DateTimeFormat (about 55 µs), and the root loader checks the
// time-zone cookie on every page (docs/decisions/0006); the answer depends on the string alone.
const knownZone = boundedCache<boolean>(500);

export function isTimeZone(value: string | undefined): value is string {
  if (!value) return false;
  return knownZone(value, () => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: value });
      return true;
    } catch {
      return false;
    }
  });
}
