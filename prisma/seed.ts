// The demo city that `npm start` creates in an empty database, so that a new user can try
// every role at once. Its passwords are public (they are in the README): never seed a real
// installation; create its first administrator with `npm run admin:create` instead.
import type { Db } from "../app/db.server";
import { hashPassword } from "../app/features/accounts/password.server";
import { DATA_POLICY_VERSION } from "../app/features/accounts/data-policy";
import { displayNameColumns } from "../app/features/accounts/display-name";
import { seedCommitments } from "./seed-commitments";
import { seedBallots } from "./seed-ballots";
import { seedInterviews } from "./seed-interviews";
import { seedPriorities } from "./seed-priorities";
import { seedPolicies } from "./seed-policies";
import { seedPolicyComments } from "./seed-policy-comments";

export const DEMO_DEPARTMENTS = [
  { slug: "transport", nameZh: "交通运输局", nameEn: "Transport Bureau" },
  { slug: "housing", nameZh: "住房和城乡建设局", nameEn: "Housing and Urban Development Bureau" },
  { slug: "education", nameZh: "教育局", nameEn: "Education Bureau" },
  { slug: "environment", nameZh: "生态环境局", nameEn: "Ecology and Environment Bureau" },
  { slug: "civil-affairs", nameZh: "民政局", nameEn: "Civil Affairs Bureau" },
];

export const DEMO_ACCOUNTS = [
  {
    email: "admin@demo.city",
    displayName: "系统管理员 Admin",
    password: "demo-admin-2026",
    roles: ["administrator"],
    departments: [],
  },
  {
    email: "official@demo.city",
    displayName: "王局长 Director Wang",
    password: "demo-official-2026",
    roles: [],
    departments: ["transport", "housing"],
  },
  {
    email: "moderator@demo.city",
    displayName: "李版主 Moderator Li",
    password: "demo-moderator-2026",
    roles: ["moderator"],
    departments: [],
  },
  {
    email: "counter@demo.city",
    displayName: "赵窗口 Counter Zhao",
    password: "demo-counter-2026",
    roles: ["counterStaff"],
    departments: [],
  },
  {
    email: "resident@demo.city",
    displayName: "张阿姨 Auntie Zhang",
    password: "demo-resident-2026",
    roles: [],
    departments: [],
  },
  {
    email: "resident2@demo.city",
    displayName: "陈同学 Student Chen",
    password: "demo-resident-2026",
    roles: [],
    departments: [],
  },
] as const;

/** Seeds only an empty database; returns whether it did. */
export async function seedDemoCity(db: Db): Promise<boolean> {
  if ((await db.user.count()) > 0 || (await db.department.count()) > 0) return false;
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((account) => hashPassword(account.password)));
  await db.$transaction(
    async (tx) => {
      const departments = new Map<string, string>();
      for (const department of DEMO_DEPARTMENTS) {
        departments.set(department.slug, (await tx.department.create({ data: department })).id);
      }
      const ids = new Map<string, string>();
      for (const [index, account] of DEMO_ACCOUNTS.entries()) {
        const user = await tx.user.create({
          data: {
            email: account.email,
            ...displayNameColumns(account.displayName),
            passwordHash: hashes[index],
            locale: "zh-CN",
            consentVersion: DATA_POLICY_VERSION,
            consentedAt: new Date(),
            roles: { create: account.roles.map((name) => ({ name })) },
            memberships: { create: account.departments.map((slug) => ({ departmentId: departments.get(slug)! })) },
          },
        });
        ids.set(account.email, user.id);
      }
      await seedInterviews(tx, {
        departments,
        officialId: ids.get("official@demo.city")!,
        counterId: ids.get("counter@demo.city")!,
        residentIds: [ids.get("resident@demo.city")!, ids.get("resident2@demo.city")!],
      });
      await seedPriorities(tx, {
        departments,
        adminId: ids.get("admin@demo.city")!,
        counterId: ids.get("counter@demo.city")!,
        residentIds: [ids.get("resident@demo.city")!, ids.get("resident2@demo.city")!],
      });
      // After the cycles seed (it creates the area and the cycles this one looks up).
      await seedBallots(tx, {
        counterId: ids.get("counter@demo.city")!,
        residentIds: [ids.get("resident@demo.city")!, ids.get("resident2@demo.city")!],
      });
      // After the other priorities seeds: it reads last year's cycle and its shortlisted proposals.
      await seedCommitments(tx, {
        officialId: ids.get("official@demo.city")!,
        residentIds: [ids.get("resident@demo.city")!],
      });
      await seedPolicies(tx, {
        departments,
        officialId: ids.get("official@demo.city")!,
        residentIds: [ids.get("resident@demo.city")!, ids.get("resident2@demo.city")!],
      });
      // After the policies seed: it comments on seed-policy-open's draft and reports on seed-policy-adopted.
      await seedPolicyComments(tx, {
        officialId: ids.get("official@demo.city")!,
        residentIds: [ids.get("resident@demo.city")!, ids.get("resident2@demo.city")!],
      });
      // One transaction, so a half-seeded city never starts; hundreds of demo ballots take longer
      // than Prisma's default of 5 s on a busy machine.
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return true;
}
