// A host ends a session while a resident is typing a question: the form goes (the session no
// longer takes questions), but the words stay on the resident's page, read-only and copyable,
// focus lands on the explanation instead of the page's body, and a live region says so.
import { expect, test } from "@playwright/test";
import { DEMO, personPage } from "./helpers";

/** A datetime-local value an hour from now, in Beijing time (the browsers' zone here). */
const inAnHour = () => new Date(Date.now() + 60 * 60_000 + 8 * 3_600_000).toISOString().slice(0, 16);

test("ending a session keeps the question a resident was typing, says so and moves focus to it", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const title = `School road repairs ${Date.now()}`;
  const host = await personPage(browser, DEMO.official);
  await host.goto("/interviews/new");
  await host.getByLabel("Title in English").fill(title);
  await host.getByLabel("Topic").fill("Roads");
  await host.getByLabel("Housing and Urban Development Bureau").check();
  await host.getByLabel("Starts").fill(inAnHour());
  await host.getByRole("button", { name: "Schedule" }).click();
  await expect(host.getByRole("heading", { level: 1 })).toHaveText(title);
  const sessionUrl = new URL(host.url()).pathname;
  await host.getByRole("link", { name: "Edit session" }).click();
  await host.getByRole("button", { name: "Open now" }).click();
  await expect(host.getByText("The session is now: Live.")).toBeVisible();

  const resident = await personPage(browser, DEMO.resident);
  await resident.goto(sessionUrl);
  await expect(resident.getByText("Live: new updates appear here as they happen.")).toBeVisible();
  const typed = "学校门口的路面坑洼很多，请问什么时候修？";
  const box = resident.getByRole("textbox", { name: "Your question" });
  await box.click();
  await box.pressSequentially(typed);

  await host.goto(`${sessionUrl}/edit`);
  await host.getByRole("button", { name: "End now" }).click();
  await expect(host.getByText("The session is now: Answering after the session.")).toBeVisible();

  // The form is gone; the words are still there, and cannot be sent by mistake.
  await expect(resident.getByRole("textbox", { name: "Your question" })).toHaveCount(0);
  const kept = resident.getByRole("textbox", { name: "Your unsent question" });
  await expect(kept).toHaveValue(typed);
  await expect(kept).not.toBeEditable();
  // Focus moved to the explanation, not to the body.
  await expect(resident.getByRole("heading", { name: "The session no longer takes questions" })).toBeFocused();
  await expect(resident.locator("p[aria-live=polite]", { hasText: "The session has ended" })).toHaveText(
    "The session has ended and no longer takes questions. Your unsent question is kept on the page.",
  );
  await resident.getByRole("button", { name: "Copy the question" }).click();
  await expect(resident.getByText("The question was copied.")).toBeVisible();
});
