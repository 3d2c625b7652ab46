import type { Locator, Page } from "@playwright/test";

/** A 360 CSS-pixel phone, the narrowest screen the forum is designed for. */
export const PHONE = { width: 360, height: 740 };

/** What a person with the largest text size sees: the header's A++ button, posted as a form. */
export async function chooseLargestText(page: Page) {
  await page.request.post("/settings", { form: { textSize: "larger" } });
}

/**
 * Whether the page scrolls sideways, and if it does, which elements stick out past the right
 * edge (the innermost ones, which are the ones to fix). An empty list means it fits.
 */
export async function sidewaysScrolling(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const overflow = document.documentElement.scrollWidth - width;
    if (overflow <= 0) return [];
    const sticksOut = (el: Element) => el.getBoundingClientRect().right > width + 0.5;
    const culprits = [...document.body.querySelectorAll("*")].filter(
      (el) => sticksOut(el) && ![...el.children].some(sticksOut),
    );
    const describe = (el: Element) =>
      `<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ""}> ${Math.round(el.getBoundingClientRect().right)}px "${(el.textContent ?? "").trim().slice(0, 30)}"`;
    return [`the page is ${width + overflow}px wide on a ${width}px screen`, ...culprits.slice(0, 5).map(describe)];
  });
}

/**
 * Links, buttons and form controls smaller than 44×44 CSS pixels (WCAG 2.5.5), as a list of
 * descriptions; empty when every target is large enough. Links inside a sentence are exempt,
 * as WCAG exempts them: making them taller would break the line. A checkbox counts together with
 * its label, because tapping the label ticks it.
 */
export async function smallTapTargets(page: Page, minimum = 44): Promise<string[]> {
  return page.evaluate((minimum) => {
    const inSentence = (el: Element) => {
      if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
      const block = el.parentElement;
      return !!block && (block.textContent ?? "").trim() !== (el.textContent ?? "").trim();
    };
    const box = (el: Element) => {
      const rects = [el.getBoundingClientRect()];
      if (el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio")) {
        for (const label of el.labels ?? []) rects.push(label.getBoundingClientRect());
      }
      const left = Math.min(...rects.map((r) => r.left));
      const top = Math.min(...rects.map((r) => r.top));
      return {
        width: Math.max(...rects.map((r) => r.right)) - left,
        height: Math.max(...rects.map((r) => r.bottom)) - top,
        bottom: Math.max(...rects.map((r) => r.bottom)),
      };
    };
    const small: string[] = [];
    for (const el of document.querySelectorAll(
      "a[href], button, input:not([type=hidden]), select, textarea, summary",
    )) {
      if (el.closest("[hidden], [aria-hidden=true]") || getComputedStyle(el).visibility === "hidden" || inSentence(el))
        continue;
      const { width, height, bottom } = box(el);
      if (width === 0 || height === 0 || bottom + window.scrollY <= 0) continue; // not shown, or parked above the page (the skip link)
      if (width < minimum - 0.5 || height < minimum - 0.5) {
        small.push(
          `<${el.tagName.toLowerCase()}> "${(el.textContent || el.getAttribute("aria-label") || el.getAttribute("name") || "").trim().slice(0, 30)}" ${Math.round(width)}×${Math.round(height)}`,
        );
      }
    }
    return small;
  }, minimum);
}

/** The WCAG contrast ratio of an element's text against the background it is drawn on. */
export async function contrastRatio(target: Locator): Promise<number> {
  return target.evaluate((el) => {
    const parse = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
    let background = [255, 255, 255];
    for (let node: Element | null = el; node; node = node.parentElement) {
      const [r, g, b, a = 1] = parse(getComputedStyle(node).backgroundColor);
      if (a > 0) {
        background = [r, g, b];
        break;
      }
    }
    const luminance = ([r, g, b]: number[]) => {
      const channel = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const [light, dark] = [luminance(parse(getComputedStyle(el).color)), luminance(background)].sort((a, b) => b - a);
    return (light + 0.05) / (dark + 0.05);
  });
}
