// patches/ holds fixes to installed packages, applied by `npm install` (patch-package
// --error-on-fail in postinstall). Bug fixes are kept until the version that fixes them upstream.
// The speed patches (four to the framework, and the SQLite adapter's statement cache) are kept
// only because without them the forum misses its speed floor by about 2x, and go with the move to
// React Router 7, which ranks routes once upstream; no new framework patch for speed is accepted
// (docs/decisions/0027). This checks that the list is the reviewed one, with each patch's kind,
// and that every line each patch adds is in the installed package: it fails when a patch was not
// applied, or when the package under it changed. What each patch does is tested on its own
// (server-render, sqlite-adapter-lock, sqlite-statements, route-matching, server-routes and
// loader-request tests).
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");
const PATCHES = join(ROOT, "patches");

const BUG_FIX = "bug fix";
const SPEED = "speed, to drop with React Router 7 / Remix 3";

/** The reviewed patches: the package each changes and its kind (docs/decisions/0027). */
const KEPT: Record<string, { name: string; kind: string }> = {
  // Stray NUL bytes in Chinese pages (react/react#31134): drop with React 19.
  "react-dom+18.3.1.patch": { name: "react-dom", kind: BUG_FIX },
  // Another request's rollback erased an acknowledged write: drop when upstream fixes it
  // (docs/upstream/prisma-adapter-better-sqlite3-rollback.md). Its other part keeps each
  // connection's prepared statements, for speed, and goes with the speed patches below.
  "@prisma+adapter-better-sqlite3+7.10.0.patch": {
    name: "@prisma/adapter-better-sqlite3",
    kind: `${BUG_FIX}; its statement cache: ${SPEED}`,
  },
  // Route branches ranked and path patterns compiled once, a path's matches remembered.
  "@remix-run+router+1.23.3.patch": { name: "@remix-run/router", kind: SPEED },
  // RemixServer's server routes made once per build.
  "@remix-run+react+2.17.5.patch": { name: "@remix-run/react", kind: SPEED },
  // The static router's data routes made once per routes array (the one RemixServer now keeps).
  "react-router-dom+6.30.4.patch": { name: "react-router-dom", kind: SPEED },
  // A loader gets the request itself when its URL has no query string, instead of two copies.
  "@remix-run+server-runtime+2.17.5.patch": { name: "@remix-run/server-runtime", kind: SPEED },
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
  it("are only the reviewed ones", () => {
    expect(readdirSync(PATCHES).sort()).toEqual(Object.keys(KEPT).sort());
  });

  for (const [file, { name, kind }] of Object.entries(KEPT)) {
    describe(`${file} (${kind})`, () => {
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
