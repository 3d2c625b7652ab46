// npm run admin:create -- --email someone@city.gov.cn --name "Name"
// Creates the first administrator of a real (non-demo) installation, or makes an existing
// account an administrator. The password is asked for on the terminal (or read from
// ADMIN_PASSWORD for unattended set-up), never passed as an argument that shell history keeps.
import { parseArgs } from "node:util";
import { createInterface } from "node:readline/promises";
import { z } from "zod";
import { createDb } from "../../app/db.server";
import { displayNameColumns } from "../../app/features/accounts/display-name";
import { hashPassword } from "../../app/features/accounts/password.server";
import { PASSWORD_MIN } from "../../app/features/accounts/schemas";
import { recordAudit } from "../../app/features/audit/audit.server";
import { applyMigrations } from "./migrations";

const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } });
const args = z
  .object({ email: z.email().transform((e) => e.toLowerCase()), name: z.string().trim().min(1).max(60) })
  .safeParse(values);
if (!args.success) {
  console.error('Usage: npm run admin:create -- --email someone@city.gov.cn --name "Full Name"');
  process.exit(1);
}

async function askPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`Password for ${args.data!.email} (at least ${PASSWORD_MIN} characters): `);
  rl.close();
  return answer;
}

await applyMigrations();
const db = createDb();
const existing = await db.user.findUnique({ where: { email: args.data.email } });
let userId = existing?.id;
if (!existing) {
  const password = await askPassword();
  if (password.length < PASSWORD_MIN) {
    console.error(`The password must have at least ${PASSWORD_MIN} characters.`);
    process.exit(1);
  }
  userId = (
    await db.user.create({
      data: {
        email: args.data.email,
        ...displayNameColumns(args.data.name),
        passwordHash: await hashPassword(password),
      },
    })
  ).id;
}
await db.$transaction(async (tx) => {
  await tx.role.upsert({
    where: { userId_name: { userId: userId!, name: "administrator" } },
    create: { userId: userId!, name: "administrator" },
    update: {},
  });
  await recordAudit(tx, {
    actor: null,
    action: "administrator.create",
    targetType: "user",
    targetId: userId!,
    detail: { via: "command line" },
  });
});
console.log(`${args.data.email} is an administrator${existing ? " (existing account)" : ""}.`);
await db.$disconnect();
// The pg pool would otherwise keep the process alive until its idle timeout.
process.exit(0);
