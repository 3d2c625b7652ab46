import { createContext, useContext, type ReactNode } from "react";

// Parts of the page chrome that are the same for everyone on the same page, in the same language
// and text size (the main navigation and the preference forms, the footer), are rendered on the
// server once and their markup reused for the next signed-in reader, whose page cannot be shared
// whole (docs/decisions/0006). The reused markup is exactly what rendering the children gives,
// so the browser hydrates it as usual; in the browser the children are always rendered.

/** What the server's page render offers this component (http/shared-markup.server.ts). */
export interface SharedMarkupStore {
  /** The element's inner HTML rendered earlier for this key, if kept. */
  markup(key: string): string | undefined;
  /** Asks for this element's inner HTML to be kept once the page is rendered. */
  keep(key: string, openingTag: string, tag: string): void;
}

const SharedMarkupContext = createContext<SharedMarkupStore | null>(null);
export const SharedMarkupProvider = SharedMarkupContext.Provider;

interface SharedMarkupProps {
  tag: "div" | "footer";
  className: string;
  /** Everything the children's markup depends on: the language, the text size, the address. */
  sharedBy: readonly string[];
  children: ReactNode;
}

export function SharedMarkup({ tag: Tag, className, sharedBy, children }: SharedMarkupProps) {
  const store = useContext(SharedMarkupContext);
  if (!store) return <Tag className={className}>{children}</Tag>;
  const key = `${Tag}.${className}\0${sharedBy.join("\0")}`;
  const markup = store.markup(key);
  if (markup !== undefined) return <Tag className={className} dangerouslySetInnerHTML={{ __html: markup }} />;
  store.keep(key, `<${Tag} class="${className}">`, Tag);
  return <Tag className={className}>{children}</Tag>;
}
