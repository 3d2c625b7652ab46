import type { ComponentPropsWithoutRef, ElementType } from "react";

/** The languages of the site, as the `lang` attribute names them. */
export type TextLanguage = "zh-CN" | "en";

const HAN = /\p{Script=Han}/gu;
const LATIN = /\p{Script=Latin}/gu;
/** How much of a text its language is told from. */
const LANGUAGE_SAMPLE = 4000;

/**
 * The language of a text people typed, told from the text itself: residents write in Chinese
 * or in English whatever the page's language, and a screen reader needs to know which voice to
 * read it with. A Han character carries about as much as a word of three Latin letters, so a
 * Chinese sentence naming "Wi-Fi" or "APP" stays Chinese. Undefined when there is nothing to
 * tell (figures, punctuation): the text then takes the page's language.
 */
export function textLanguage(text: string | null | undefined): TextLanguage | undefined {
  if (!text) return undefined;
  // Its start tells a text's language as well as the whole does; a 300,000-character regulation
  // counted whole took over 100 ms of the browser's thread at each render of its page.
  const sample = text.length > LANGUAGE_SAMPLE ? text.slice(0, LANGUAGE_SAMPLE) : text;
  const han = sample.match(HAN)?.length ?? 0;
  const latin = sample.match(LATIN)?.length ?? 0;
  if (!han && !latin) return undefined;
  return han * 3 >= latin ? "zh-CN" : "en";
}

/** The language of a text given as the HTML the forum renders (a policy text), told from its start. */
export function htmlLanguage(html: string) {
  return textLanguage(html.slice(0, 4 * LANGUAGE_SAMPLE).replace(/<[^>]*>/g, " "));
}

/** The comma between two parts of a person's text (name, title), in that text's language. */
export function textComma(text: string) {
  return textLanguage(text) === "zh-CN" ? "，" : ", ";
}

type UserTextProps<Tag extends ElementType> = {
  /** The element to draw; a span unless the text is a paragraph, a heading or a quote. */
  as?: Tag;
  /** What a person wrote: a question, an answer, a comment, a title, a promise. */
  text: string;
} & Omit<ComponentPropsWithoutRef<Tag>, "as" | "children" | "lang">;

/** A text someone wrote, marked with its language (see textLanguage). */
export function UserText<Tag extends ElementType = "span">({ as, text, ...rest }: UserTextProps<Tag>) {
  const Element: ElementType = as ?? "span";
  return (
    <Element {...rest} lang={textLanguage(text)}>
      {text}
    </Element>
  );
}
