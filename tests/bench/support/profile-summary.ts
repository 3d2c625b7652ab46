// Summarises a V8 CPU profile (`node --cpu-prof`, e.g. from `npm run bench:pages -- --profile`):
// self time by package and by function, and total (inclusive) time of chosen functions.
// Usage: tsx tests/bench/support/profile-summary.ts <file.cpuprofile> [functionName ...]
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, ...watched] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary.ts <file.cpuprofile> [functionName ...]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const self = new Map<number, number>();
profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const idle = [...self]
  .filter(([id]) => byId.get(id)!.callFrame.functionName === "(idle)")
  .reduce((a, [, t]) => a + t, 0);
const busy = total - idle;

function packageOf(url: string) {
  if (!url) return "(native/V8)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith("node:")) return "node (core)";
  if (url.includes("/build/")) return "forum build (app code + bundled deps)";
  return url.replace(/^file:\/\//, "");
}

function add(map: Map<string, number>, key: string, time: number) {
  map.set(key, (map.get(key) ?? 0) + time);
}

const packages = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, time] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  if (functionName === "(idle)") continue;
  add(packages, functionName.startsWith("(") ? functionName : packageOf(url), time);
  add(functions, `${functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}:${lineNumber + 1}`, time);
}

// Inclusive time of a function: samples with it anywhere on the stack, each sample counted once.
const inclusive = new Map<string, number>();
for (const [id, time] of self) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const name = byId.get(at)!.callFrame.functionName;
    if (watched.includes(name) && !seen.has(name)) {
      seen.add(name);
      add(inclusive, name, time);
    }
  }
}

const share = (time: number) => `${((100 * time) / busy).toFixed(1)}%`;
const top = (map: Map<string, number>, count: number) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, time]) => ({ name, ms: Math.round(time / 1000), "of busy CPU": share(time) }));

console.log(`busy ${Math.round(busy / 1000)} ms of ${Math.round(total / 1000)} ms sampled`);
console.log("Self time by package:");
console.table(top(packages, 15));
console.log("Self time by function:");
console.table(top(functions, 30));
if (watched.length) {
  console.log("Inclusive time:");
  console.table(top(inclusive, watched.length));
}
