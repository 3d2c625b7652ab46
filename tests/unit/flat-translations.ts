import { en } from "~/i18n/locales/en";
import { zhCN } from "~/i18n/locales/zh-CN";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === "string" ? [[`${prefix}${key}`, value]] : Object.entries(flatten(value, `${prefix}${key}.`)),
    ),
  );
}

/** Every translation as "dotted.key" → text, per language. */
export const english = flatten(en);
export const chinese = flatten(zhCN as Tree);
