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
  const shownLevels = nestedLevels(
    [...html.matchAll(/<h([1-6])(?=[\s>])/g)].map((match) => Number(match[1])),
    parent,
  );
  // Opening and closing tags come in order and headings do not nest, so the n-th closing tag
  // belongs to the n-th opening one.
  let opening = 0;
  let closing = 0;
  return html.replace(/<(\/?)h[1-6](?=[\s>])/g, (_tag, slash: string) =>
    slash ? `</h${shownLevels[closing++]}` : `<h${shownLevels[opening++]}`,
  );
}

/** The level each heading is shown at, from their stored levels in order (see nestHeadings). */
export function nestedLevels(stored: readonly number[], parent: number): number[] {
  const open: Array<{ stored: number; shown: number }> = [];
  return stored.map((level) => {
    while (open.length > 0 && open[open.length - 1].stored >= level) open.pop();
    const shown = Math.min(6, open.length === 0 ? parent + 1 : open[open.length - 1].shown + 1);
    open.push({ stored: level, shown });
    return shown;
  });
}
