// Confirmations after a form (app/ui/flash.server.ts): the features declare their keys
// (app/features/*/flash.ts, gathered in app/flash-messages.ts), every one is translated, and the
// root loader shows only a declared one, so a forged cookie cannot put other text on a page.
import { describe, expect, it } from "vitest";
import { FLASH_MESSAGES } from "~/flash-messages";
import type { FlashMessage } from "~/ui/flash";
import { redirectWithFlash, takeFlash } from "~/ui/flash.server";
import { chinese, english } from "./flat-translations";

/** The page request that follows a redirect carrying `message`. */
async function nextPage(message: string) {
  const redirect = await redirectWithFlash("/account", { message: message as FlashMessage });
  const cookie = redirect.headers.get("Set-Cookie")!.split(";")[0];
  return new Request("http://forum.test/account", { headers: { cookie } });
}

describe("confirmations", () => {
  it("are declared once each, and translated in both languages", () => {
    expect(new Set(FLASH_MESSAGES).size).toBe(FLASH_MESSAGES.length);
    for (const message of FLASH_MESSAGES) {
      expect(english[message], message).toBeTruthy();
      expect(chinese[message], message).toBeTruthy();
    }
  });

  it("are shown when declared, and a cookie naming any other key shows nothing but is still cleared", async () => {
    const shown = await takeFlash(await nextPage("account.profile.saved"), FLASH_MESSAGES);
    expect(shown.flash).toEqual({ message: "account.profile.saved" });
    const forged = await takeFlash(await nextPage("account.delete.title"), FLASH_MESSAGES);
    expect(forged.flash).toBeNull();
    expect(forged.headers.get("Set-Cookie")).toMatch(/^flash=;/);
  });
});
