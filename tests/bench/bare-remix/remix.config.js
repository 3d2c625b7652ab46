// The bare Remix app the page benchmark compares the forum with: the same @remix-run/*,
// React and Express versions (it builds with the forum's node_modules), one route, one small
// loader, Remix's default entry.server. It builds into the repository's git-ignored .cache/
// so that its ESM server build resolves packages from the forum's node_modules.
import { resolve } from "node:path";

const out = resolve(import.meta.dirname, "..", "..", "..", ".cache", "bench", "bare-remix");

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  serverBuildPath: resolve(out, "build", "index.js"),
  assetsBuildDirectory: resolve(out, "public", "build"),
  publicPath: "/build/",
  serverModuleFormat: "esm",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: false,
  },
};
