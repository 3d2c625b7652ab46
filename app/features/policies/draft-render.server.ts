// The draft's HTML for pages without JavaScript and before the editor has loaded, rendered on
// the server from the stored JSON with the one extension list (a client's HTML is never used).
// The core part's renderText does the same for official versions; the two meet at merge.
import type { JSONContent } from "@tiptap/core";
import { renderToHTMLString } from "@tiptap/static-renderer/pm/html-string";
import { policyTextExtensions } from "~/shared/editor";

export function renderDraftHtml(json: JSONContent): string {
  return renderToHTMLString({ content: json, extensions: policyTextExtensions() });
}
