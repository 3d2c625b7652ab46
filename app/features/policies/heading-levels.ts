// A policy text stores its headings at fixed levels (章 2, 节 3, 条 4; render.server.ts), but a
// page shows the text under headings of its own. Screen-reader users move through a page by its
// headings, and a list that jumps from 2 to 4, or puts the text's chapters beside the page's own
// sections, misleads them (axe heading-order; docs/decisions/0032-a11y-phone-layout.md).

/**
 * The text's HTML with each heading renumbered to nest under the page heading of level `parent`
 * without gaps: the first heading becomes parent + 1, a deeper one one level below the heading
 * it follows, whatever its stored level (a 条 straight after a 章 becomes its child), and one of
 * the same or a higher stored level takes the level of the heading it returns to. Never above 6.
 */
export function nestHeadings(html: string, parent: number): string {
  const open: Array<{ stored: number; shown: number }> = [];
  const shownLevels: number[] = [];
  for (const match of html.matchAll(/<h([1-6])(?=[\s>])/g)) {
    const stored = Number(match[1]);
    while (open.length > 0 && open[open.length - 1].stored >= stored) open.pop();
    const shown = Math.min(6, open.length === 0 ? parent + 1 : open[open.length - 1].shown + 1);
    open.push({ stored, shown });
    shownLevels.push(shown);
  }
  // Opening and closing tags come in order and headings do not nest, so the n-th closing tag
  // belongs to the n-th opening one.
  let opening = 0;
  let closing = 0;
  return html.replace(/<(\/?)h[1-6](?=[\s>])/g, (_tag, slash: string) =>
    slash ? `</h${shownLevels[closing++]}` : `<h${shownLevels[opening++]}`,
  );
}
