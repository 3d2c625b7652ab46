import type { SharedMarkupStore } from "~/ui/shared-markup";

// The kept markup of ui/shared-markup.tsx. An element's inner HTML is kept after a page that
// rendered it in full has been rendered whole, and found in that page by its opening tag and the
// matching closing tag (React escapes "<" in all text and attribute values, so every "<div" in
// the page is a tag). Keys hold all the markup depends on, so a kept piece is what rendering it
// again would give; none holds anything personal (only the language, text size and address).

const MAX_ENTRIES = 500;
const kept = new Map<string, string>();

interface Wanted {
  key: string;
  openingTag: string;
  tag: string;
}

/** One page render's access to the kept markup; keepFrom() is called with the page rendered whole. */
export function sharedMarkupStore(): SharedMarkupStore & { keepFrom(page: Uint8Array): void } {
  const wanted: Wanted[] = [];
  return {
    markup: (key) => kept.get(key),
    keep(key, openingTag, tag) {
      wanted.push({ key, openingTag, tag });
    },
    keepFrom(page) {
      if (!wanted.length) return;
      const html = Buffer.from(page.buffer, page.byteOffset, page.byteLength).toString("utf8");
      for (const { key, openingTag, tag } of wanted) {
        const inner = innerHtml(html, openingTag, tag);
        if (inner === null) continue;
        if (kept.size >= MAX_ENTRIES) kept.delete(kept.keys().next().value!);
        kept.set(key, inner);
      }
      wanted.length = 0;
    },
  };
}

/** The inner HTML of the element opened by exactly this tag, or null unless the page has it once. */
function innerHtml(html: string, openingTag: string, tag: string): string | null {
  const start = html.indexOf(openingTag);
  if (start === -1 || html.indexOf(openingTag, start + 1) !== -1) return null;
  const from = start + openingTag.length;
  const tags = new RegExp(`<${tag}[\\s>/]|</${tag}>`, "g");
  tags.lastIndex = from;
  let depth = 1;
  for (let match = tags.exec(html); match; match = tags.exec(html)) {
    depth += match[0].startsWith("</") ? -1 : 1;
    if (depth === 0) return html.slice(from, match.index);
  }
  return null;
}
