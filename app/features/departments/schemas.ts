import { z } from "zod";
import { mustTick, text } from "~/validation";

export const departmentSchema = z.object({
  slug: z.preprocess(
    (value) => (typeof value === "string" ? value.trim().toLowerCase() : ""),
    z
      .string()
      .min(1)
      .max(40)
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "validation.slug" }),
  ),
  nameZh: text(80),
  nameEn: text(80),
});
export type DepartmentInput = z.output<typeof departmentSchema>;

export const deleteDepartmentSchema = z.object({ confirm: mustTick("validation.confirmDeletion") });
