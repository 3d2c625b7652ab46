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
    // Content the browser does not draw (a folded menu) keeps a stale layout that is not seen.
    const sticksOut = (el: Element) => el.getBoundingClientRect().right > width + 0.5 && el.checkVisibility();
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

/** Where the page's own heading starts, in CSS pixels from the top of the page. */
export async function headingTop(page: Page): Promise<number> {
  return page
    .locator("h1")
    .first()
    .evaluate((h1) => h1.getBoundingClientRect().top + window.scrollY);
}

/**
 * Labels whose text has less room than eight characters of its own font (or than the whole
 * text, when shorter): the sign that a control, a label and a hint are squeezed side by side.
 * The room is the widest line the label's text takes; text on one line always has enough.
 */
export async function squeezedLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const canvas = document.createElement("canvas").getContext("2d")!;
    const squeezed: string[] = [];
    for (const label of document.querySelectorAll("label, legend")) {
      const style = getComputedStyle(label);
      if (label.closest("[hidden], [aria-hidden=true], .visually-hidden") || style.visibility === "hidden") continue;
      const shown = (node: Node) => !node.parentElement?.closest(".visually-hidden");
      const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
      let text = "";
      let room = 0;
      let lines = new Set<number>();
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!shown(node) || !(node.textContent ?? "").trim()) continue;
        text += node.textContent;
        const range = document.createRange();
        range.selectNodeContents(node);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        if (rects.length === 0) continue;
        for (const r of rects) lines.add(Math.round(r.top));
        room = Math.max(room, Math.max(...rects.map((r) => r.right)) - Math.min(...rects.map((r) => r.left)));
      }
      text = text.replace(/\s+/g, " ").trim();
      if (!text || lines.size <= 1) continue;
      canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      // A line may end at a space: "Comment" on its own line, then "(optional)", is not squeezed.
      const needed = canvas.measureText([...text].slice(0, 8).join("").trimEnd()).width;
      if (room < needed - 1) {
        squeezed.push(
          `<${label.tagName.toLowerCase()}> "${text.slice(0, 30)}" has ${Math.round(room)}px, needs ${Math.round(needed)}px`,
        );
      }
      lines = new Set();
    }
    return squeezed;
  });
}

/**
 * Targets smaller than 44×44 CSS pixels that also lack the spacing that makes up for it: a
 * 44-pixel square centred on the target overlaps another target (WCAG 2.5.8's spacing rule, at
 * the 2.5.5 size). Links inside a sentence are exempt, as in smallTapTargets.
 */
export async function crowdedSmallTargets(page: Page, minimum = 44): Promise<string[]> {
  return page.evaluate((minimum) => {
    const inSentence = (el: Element) => {
      if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
      const block = el.parentElement;
      return !!block && (block.textContent ?? "").trim() !== (el.textContent ?? "").trim();
    };
    const boxOf = (el: Element) => {
      const rects = [el.getBoundingClientRect()];
      if (el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio")) {
        for (const label of el.labels ?? []) rects.push(label.getBoundingClientRect());
      }
      const left = Math.min(...rects.map((r) => r.left));
      const top = Math.min(...rects.map((r) => r.top));
      const right = Math.max(...rects.map((r) => r.right));
      const bottom = Math.max(...rects.map((r) => r.bottom));
      return { left, top, right, bottom, width: right - left, height: bottom - top };
    };
    const targets = [
      ...document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary"),
    ]
      .filter(
        (el) =>
          !el.closest("[hidden], [aria-hidden=true]") &&
          getComputedStyle(el).visibility !== "hidden" &&
          !el.closest("details:not([open]) > :not(summary)") &&
          !inSentence(el),
      )
      .map((el) => ({ el, box: boxOf(el) }))
      .filter(({ box }) => box.width > 0 && box.height > 0 && box.bottom + window.scrollY > 0);
    const crowded: string[] = [];
    for (const { el, box } of targets) {
      if (box.width >= minimum - 0.5 && box.height >= minimum - 0.5) continue;
      const cx = (box.left + box.right) / 2;
      const cy = (box.top + box.bottom) / 2;
      const half = minimum / 2;
      const overlaps = targets.some(
        (other) =>
          other.el !== el &&
          !other.el.contains(el) &&
          !el.contains(other.el) &&
          other.box.left < cx + half &&
          other.box.right > cx - half &&
          other.box.top < cy + half &&
          other.box.bottom > cy - half,
      );
      if (overlaps) {
        crowded.push(
          `<${el.tagName.toLowerCase()}> "${(el.textContent || el.getAttribute("aria-label") || el.getAttribute("name") || "").trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`,
        );
      }
    }
    return crowded;
  }, minimum);
}
