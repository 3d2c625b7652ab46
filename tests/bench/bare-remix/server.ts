// The bare app's server: the Remix Express template without request logging (Express,
// compression, static assets, the Remix request handler). PORT=0 picks a free port.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { AddressInfo } from "node:net";
import compression from "compression";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";

const out = resolve(import.meta.dirname, "..", "..", "..", ".cache", "bench", "bare-remix");
const build = (await import(pathToFileURL(resolve(out, "build", "index.js")).href)) as ServerBuild;

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use("/build", express.static(resolve(out, "public", "build"), { immutable: true, maxAge: "1y" }));
app.all("*", createRequestHandler({ build, mode: "production" }));

const server = app.listen(Number(process.env.PORT ?? 0), () => {
  console.log(`The bare Remix app is running at http://localhost:${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => process.exit(0));
