import { createCookie, redirect } from "@remix-run/node";
import { z } from "zod";
import type { Flash, FlashMessage } from "./flash";

/**
 * A confirmation carried across the redirect that follows a successful form (post, redirect,
 * get): reloading the page then neither repeats the action nor shows the message again. The
 * root loader reads it once and clears it. It holds a translation key, never text, and the key
 * must be one of the declared messages, so a forged cookie can only show one of our own.
 */
const flashCookie = createCookie("flash", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 });

const flashSchema = (messages: readonly FlashMessage[]) =>
  z.object({
    message: z.string().refine((message): message is FlashMessage => (messages as readonly string[]).includes(message)),
    values: z.record(z.string(), z.string().max(200)).optional(),
  });

export async function redirectWithFlash(to: string, flash: Flash, init?: HeadersInit) {
  const headers = new Headers(init);
  headers.append("Set-Cookie", await flashCookie.serialize(flash));
  return redirect(to, { headers });
}

/** The waiting confirmation, if any (one of `messages`), and the header that clears it. */
export async function takeFlash(
  request: Request,
  messages: readonly FlashMessage[],
): Promise<{ flash: Flash | null; headers: Headers }> {
  const headers = new Headers();
  const raw: unknown = await flashCookie.parse(request.headers.get("cookie")).catch(() => null);
  if (raw == null) return { flash: null, headers };
  headers.append("Set-Cookie", await flashCookie.serialize("", { maxAge: 0 }));
  const parsed = flashSchema(messages).safeParse(raw);
  return { flash: parsed.success ? parsed.data : null, headers };
}
