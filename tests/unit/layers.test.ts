// The layers of docs/architecture.md, checked on the import statements themselves: routes ->
// features -> shared, app/ui and app/http below every feature, no import cycles, and no feature
// reaching into another except along the few edges listed below.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..", "..");

/**
 * The features other features may import, and why. Anything else, a feature importing a feature
 * not listed for it, fails: what two features share belongs in app/shared or app/ui.
 */
const ALLOWED_FEATURE_EDGES: Record<string, { to: string[]; why: string }> = {
  "*": {
    to: ["accounts", "audit", "notifications", "live", "preferences", "open-data"],
    why:
      "foundation features every area builds on: who is signed in (accounts), the audit log of " +
      "privileged actions (audit), the inbox (notifications), live updates (live), the reader's " +
      "time zone and language (preferences) and the one dataset definition behind every CSV and " +
      "JSON download (open-data, docs/decisions/0013)",
  },
  commitments: {
    to: ["priorities"],
    why: "a commitment is made from a chosen priority: it reads the cycle's phases and results (docs/decisions/0019)",
  },
  policies: {
    to: ["collab"],
    why: "the community draft is a co-edited document: revisions and comments read its DocumentUpdate store (docs/decisions/0021)",
  },
};

/**
 * What server.ts may load of app/ itself: the database's address, read before the build is
 * loaded (to apply migrations). Everything else of app/ it takes from the build
 * (app/services.server.ts): a module it imported would be a second copy beside the build's, with
 * a second live bus, topic registry or database client (docs/decisions/0028).
 */
const SERVER_MAY_IMPORT = ["app/database.server.ts"];

type Edge = { from: string; to: string; typeOnly: boolean };

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return path === join(root, "app", "generated") ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The file an import names, or null for a package. */
function resolveImport(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("~/")) base = join(root, "app", specifier.slice(2));
  else if (specifier.startsWith(".")) base = resolve(dirname(from), specifier);
  else return null;
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts"), join(base, "index.tsx")];
  if (/\.jsx?$/.test(base)) candidates.push(base.replace(/\.js(x?)$/, ".ts$1"));
  return candidates.find((path) => existsSync(path) && statSync(path).isFile()) ?? null;
}

/** Every import and re-export of a file, and whether it brings in types only. */
function importsOf(file: string): Edge[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const edges: Edge[] = [];
  const add = (specifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteral(specifier)) return;
    const to = resolveImport(file, specifier.text);
    if (to) edges.push({ from: file, to, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const allNamedTypeOnly =
        !!clause &&
        !clause.name &&
        !!bindings &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((element) => element.isTypeOnly);
      add(node.moduleSpecifier, !!clause && (clause.isTypeOnly || allNamedTypeOnly));
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument)) add(argument.literal as ts.Expression, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

const files = [...sourceFiles(join(root, "app")), ...sourceFiles(join(root, "collab-server"))];
const edges = files.flatMap(importsOf);
const name = (file: string) => relative(root, file);
const featureOf = (file: string) => /^app\/features\/([^/]+)\//.exec(name(file))?.[1] ?? null;

/** The first import cycle found among the edges, as the files around it, or null. */
function findCycle(among: Edge[]): string[] | null {
  const next = new Map<string, string[]>();
  for (const edge of among) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const walk = (file: string): string[] | null => {
    state.set(file, "open");
    path.push(file);
    for (const to of next.get(file) ?? []) {
      if (state.get(to) === "open") return [...path.slice(path.indexOf(to)), to];
      if (!state.has(to)) {
        const cycle = walk(to);
        if (cycle) return cycle;
      }
    }
    path.pop();
    state.set(file, "done");
    return null;
  };
  for (const file of next.keys()) {
    if (state.has(file)) continue;
    const cycle = walk(file);
    if (cycle) return cycle;
  }
  return null;
}

describe("layers", () => {
  it("finds the modules and their imports", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(edges.some((edge) => name(edge.to) === "app/db.server.ts")).toBe(true);
  });

  it("keeps app/ui and app/http below the features", () => {
    const upward = edges.filter(
      (edge) => /^app\/(ui|http)\//.test(name(edge.from)) && /^app\/(features|routes)\//.test(name(edge.to)),
    );
    expect(upward.map((edge) => `${name(edge.from)} -> ${name(edge.to)}`)).toEqual([]);
  });

  it("keeps app/shared below the features, ui and http", () => {
    const upward = edges.filter(
      (edge) => name(edge.from).startsWith("app/shared/") && /^app\/(features|routes|ui|http)\//.test(name(edge.to)),
    );
    expect(upward.map((edge) => `${name(edge.from)} -> ${name(edge.to)}`)).toEqual([]);
  });

  it("keeps routes out of every other module", () => {
    const intoRoutes = edges.filter(
      (edge) => name(edge.to).startsWith("app/routes/") && !name(edge.from).startsWith("app/routes/"),
    );
    expect(intoRoutes.map((edge) => `${name(edge.from)} -> ${name(edge.to)}`)).toEqual([]);
  });

  it("has no import cycle (imports of types only are left out: they vanish at run time)", () => {
    const cycle = findCycle(edges.filter((edge) => !edge.typeOnly));
    expect(cycle?.map(name).join(" -> ") ?? null).toBeNull();
  });

  it("lets a feature import another only along the listed edges", () => {
    const crossing = edges.filter((edge) => {
      const from = featureOf(edge.from);
      const to = featureOf(edge.to);
      if (!from || !to || from === to) return false;
      return ![ALLOWED_FEATURE_EDGES["*"]!, ALLOWED_FEATURE_EDGES[from]].some((allowed) => allowed?.to.includes(to));
    });
    expect([...new Set(crossing.map((edge) => `${name(edge.from)} -> ${name(edge.to)}`))]).toEqual([]);
  });

  it("runs the app in server.ts through the build only, so that each service is loaded once", () => {
    // Every module server.ts reaches at run time, through any file outside app/ (prisma/seed...).
    const reached = new Set<string>();
    const visit = (file: string) => {
      for (const edge of importsOf(file)) {
        if (edge.typeOnly || reached.has(edge.to)) continue;
        reached.add(edge.to);
        visit(edge.to);
      }
    };
    visit(join(root, "server.ts"));
    expect(
      [...reached]
        .map(name)
        .filter((file) => /^(app|collab-server)\//.test(file))
        .sort(),
    ).toEqual(SERVER_MAY_IMPORT);
  });
});
