// patches/ holds fixes to installed packages, applied by `npm install` (patch-package
// --error-on-fail in postinstall). Only fixes of real bugs are kept, each until the version that
// fixes it upstream; a patch to a framework for speed is not accepted (docs/decisions/0006). This
// checks that the list is the reviewed one, and that every line each patch adds is in the
// installed package: it fails when a patch was not applied, or when the package under it changed.
// What each patch fixes is tested on its own (server-render.test.ts, sqlite-adapter-lock.test.ts).
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");
const PATCHES = join(ROOT, "patches");

/** The reviewed patches, and what ends each (docs/decisions/0006). */
const KEPT = {
  // Stray NUL bytes in Chinese pages (react/react#31134): drop with React 19.
  "react-dom+18.3.1.patch": "react-dom",
  // Another request's rollback erased an acknowledged write: drop when upstream fixes it
  // (docs/upstream/prisma-adapter-better-sqlite3-rollback.md).
  "@prisma+adapter-better-sqlite3+7.10.0.patch": "@prisma/adapter-better-sqlite3",
};

interface PatchedFile {
  path: string;
  added: string[];
}

/** The files a patch changes and the lines it adds to each, from its unified diff. */
function patchedFiles(patch: string): PatchedFile[] {
  const files: PatchedFile[] = [];
  for (const line of patch.split("\n")) {
    const header = /^\+\+\+ b\/(.+)$/.exec(line);
    if (header) files.push({ path: header[1], added: [] });
    else if (line.startsWith("+") && files.length) files.at(-1)!.added.push(line.slice(1));
  }
  return files;
}

describe("patches to installed packages", () => {
  it("are only the reviewed bug fixes", () => {
    expect(readdirSync(PATCHES).sort()).toEqual(Object.keys(KEPT).sort());
  });

  for (const [file, name] of Object.entries(KEPT)) {
    describe(file, () => {
      const patch = readFileSync(join(PATCHES, file), "utf8");

      it("is for the installed version", () => {
        const version = file.slice(0, -".patch".length).split("+").at(-1);
        const installed = JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as {
          version: string;
        };
        expect(installed.version).toBe(version);
      });

      it("is applied to every file it changes", () => {
        const files = patchedFiles(patch);
        expect(files.length).toBeGreaterThan(0);
        for (const { path, added } of files) {
          expect(added.length, path).toBeGreaterThan(0);
          const installed = readFileSync(join(ROOT, path), "utf8").split("\n");
          const missing = added.filter((line) => !installed.includes(line));
          expect(missing, path).toEqual([]);
        }
      });
    });
  }
});
