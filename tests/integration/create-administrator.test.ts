import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { logIn } from "~/features/accounts/accounts.server";
import { fromNewAddress, newResident, uniqueEmail } from "./helpers";

const root = resolve(import.meta.dirname, "..", "..");

/** Runs the script as an operator would, in its own process, and resolves with its exit status. */
function createAdministrator(args: string[], password?: string) {
  return new Promise<{ status: number; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [
        "--experimental-wasm-modules",
        "--disable-warning=ExperimentalWarning",
        "--import",
        "tsx",
        "prisma/tools/create-administrator.ts",
        ...args,
      ],
      { cwd: root, encoding: "utf8", env: { ...process.env, ADMIN_PASSWORD: password ?? "" } },
      (error, _stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stderr }),
    );
  });
}

describe("npm run admin:create", () => {
  it("creates the first administrator of a new installation, who can then log in", async () => {
    const email = uniqueEmail("first-admin");
    const run = await createAdministrator(["--email", email, "--name", "城市管理员"], "a strong first password");
    expect(run.status, run.stderr).toBe(0);
    const user = await db.user.findUniqueOrThrow({ where: { email }, include: { roles: true } });
    expect(user.roles.map((r) => r.name)).toEqual(["administrator"]);
    expect(
      await db.auditEntry.count({ where: { action: "administrator.create", targetId: user.id, actorId: null } }),
    ).toBe(1);
    expect((await logIn({ email, password: "a strong first password" }, fromNewAddress())).ok).toBe(true);
  });

  it("makes an existing account an administrator without touching its password", async () => {
    const resident = await newResident();
    const run = await createAdministrator(["--email", resident.email, "--name", "ignored"]);
    expect(run.status, run.stderr).toBe(0);
    expect(await db.role.count({ where: { userId: resident.userId, name: "administrator" } })).toBe(1);
    expect((await logIn({ email: resident.email, password: resident.password }, fromNewAddress())).ok).toBe(true);
  });

  it("refuses a bad email or a short password and creates nothing", async () => {
    const before = await db.user.count();
    expect(
      (await createAdministrator(["--email", "not-an-email", "--name", "X"], "long enough password")).status,
    ).not.toBe(0);
    expect((await createAdministrator(["--email", uniqueEmail(), "--name", "X"], "short")).status).not.toBe(0);
    expect(await db.user.count()).toBe(before);
  });
});
