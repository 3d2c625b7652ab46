import { z } from "zod";
import { GRANTABLE_ROLES } from "~/shared/roles";
import { CONTROL_CHARACTERS, recordId } from "~/validation";

export const roleChangeSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("grantRole"), role: z.enum(GRANTABLE_ROLES) }),
  z.object({ intent: z.literal("revokeRole"), role: z.enum(GRANTABLE_ROLES) }),
  z.object({ intent: z.literal("addMembership"), departmentId: recordId }),
  z.object({ intent: z.literal("removeMembership"), departmentId: recordId }),
]);
export type RoleChange = z.output<typeof roleChangeSchema>;

/** What an administrator can do on a person's page: change a role, or sign them out everywhere. */
export const manageUserSchema = z.union([roleChangeSchema, z.object({ intent: z.literal("revokeSessions") })]);

export const userSearchSchema = z.object({
  // A search is never an error: control characters (NUL fails on PostgreSQL) are dropped.
  q: z
    .string()
    .transform((q) => q.replace(new RegExp(CONTROL_CHARACTERS, "g"), "").trim())
    .pipe(z.string().max(100))
    .catch(""),
  page: z.coerce.number().int().min(1).max(100000).catch(1),
});
