// People's words in Markdown downloads (response reports, version files): shown as written, never
// read as markup. A comment saying "<script>…", "[prize](javascript:…)", "## Changes adopted" or
// "- 1." must not become HTML, a link, a heading or a list in whatever shows the file.

/** ASCII punctuation that starts inline markup, links, HTML, headings, tables or entities; backslash-escaped anywhere. */
const INLINE = /[\\`*_[\]<>#|~&]/g;
/** What starts a block at the beginning of a line: lists, quotes, thematic breaks, setext underlines. */
const BLOCK_START = /^(\s*)([-+=>]|\d+[.)])/;

/** Text inside a line: inline markup escaped, line breaks as spaces (as HTML shows them). */
export const markdownInline = (value: string): string => value.replace(/[\r\n]+/g, " ").replace(INLINE, "\\$&");

/** A line whose start would open a list, a quote, a thematic break or a setext heading, made text. */
export const markdownBlockStart = (line: string): string =>
  line.replace(
    BLOCK_START,
    (_match, space: string, start: string) =>
      `${space}${start.replace(/^(\d+)([.)])$/, "$1\\$2").replace(/^([-+=>])$/, "\\$1")}`,
  );

/** One line of text as Markdown text: inline markup escaped, a block start neutralised, no indented code. */
export const markdownLine = (value: string): string => markdownBlockStart(markdownInline(value.trimStart()));

/** Text of several lines, each as markdownLine, kept as lines (hard breaks). */
export const markdownLines = (value: string): string =>
  value
    .split(/\r?\n/)
    .map((line) => markdownLine(line))
    .filter((line, index, lines) => line !== "" || (index > 0 && lines[index - 1] !== ""))
    .join("  \n")
    .trim();
