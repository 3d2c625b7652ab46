import { createCookie, redirect } from "@remix-run/node";
import { z } from "zod";
import { FLASH_MESSAGES, type Flash } from "./flash";

/**
 * A confirmation carried across the redirect that follows a successful form (post, redirect,
 * get): reloading the page then neither repeats the action nor shows the message again. The
 * root loader reads it once and clears it. It holds a translation key, never text, so a forged
 * cookie can only show one of our own messages.
 */
const flashCookie = createCookie("flash", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 });

const flashSchema = z.object({
  message: z.enum(FLASH_MESSAGES),
  values: z.record(z.string(), z.string().max(200)).optional(),
});

export async function redirectWithFlash(to: string, flash: Flash, init?: HeadersInit) {
  const headers = new Headers(init);
  headers.append("Set-Cookie", await flashCookie.serialize(flash));
  return redirect(to, { headers });
}

/** The waiting confirmation, if any, and the header that clears it. */
export async function takeFlash(request: Request): Promise<{ flash: Flash | null; headers: Headers }> {
  const headers = new Headers();
  const raw: unknown = await flashCookie.parse(request.headers.get("cookie")).catch(() => null);
  if (raw == null) return { flash: null, headers };
  headers.append("Set-Cookie", await flashCookie.serialize("", { maxAge: 0 }));
  const parsed = flashSchema.safeParse(raw);
  return { flash: parsed.success ? parsed.data : null, headers };
}
