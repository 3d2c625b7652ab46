import { z } from "zod";
import { GRANTABLE_ROLES } from "~/shared/roles";

export const roleChangeSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("grantRole"), role: z.enum(GRANTABLE_ROLES) }),
  z.object({ intent: z.literal("revokeRole"), role: z.enum(GRANTABLE_ROLES) }),
  z.object({ intent: z.literal("addMembership"), departmentId: z.string().min(1, { error: "validation.choose" }).max(40) }),
  z.object({ intent: z.literal("removeMembership"), departmentId: z.string().min(1).max(40) }),
]);
export type RoleChange = z.output<typeof roleChangeSchema>;

/** What an administrator can do on a person's page: change a role, or sign them out everywhere. */
export const manageUserSchema = z.union([roleChangeSchema, z.object({ intent: z.literal("revokeSessions") })]);

export const userSearchSchema = z.object({
  q: z.string().trim().max(100).catch(""),
  page: z.coerce.number().int().min(1).max(100000).catch(1),
});
