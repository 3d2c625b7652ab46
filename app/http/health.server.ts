// What a load balancer and an operator ask of each instance (docs/deploy.md):
// - GET /healthz: the process answers (nothing else is asked, so a slow database does not make
//   the balancer kill instances that could still serve what they hold);
// - GET /readyz: the instance can serve the forum now: each check answers "ok" within a bound,
//   else 503 with what is wrong. A stopping instance answers 503 so that no new visitor is sent.
import type { RequestHandler } from "express";

/**
 * A check answers "ok", NOT_USED (what it checks is not configured: nothing depends on it), or
 * says what is wrong; a thrown error or a check slower than the bound is a failure.
 */
export type ReadinessCheck = () => Promise<string>;

const CHECK_TIMEOUT_MS = 2000;

export const NOT_USED = "not used";

async function bounded(check: ReadinessCheck): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check(),
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`no answer within ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    return error instanceof Error ? error.message.split("\n")[0] : String(error);
  } finally {
    clearTimeout(timer);
  }
}

export const HEALTH_PATH = "/healthz";
export const READINESS_PATH = "/readyz";

export const answerHealth: RequestHandler = (_req, res) => {
  res.set("Cache-Control", "no-store").type("text/plain; charset=utf-8").send("ok\n");
};

export function answerReadiness(checks: Record<string, ReadinessCheck>, stopping: () => boolean): RequestHandler {
  return (_req, res) => {
    const names = Object.keys(checks);
    void Promise.all(names.map((name) => bounded(checks[name]))).then((answers) => {
      const results: Record<string, string> = Object.fromEntries(names.map((name, n) => [name, answers[n]]));
      if (stopping()) results.instance = "stopping";
      const ready = Object.values(results).every((answer) => answer === "ok" || answer === NOT_USED);
      res
        .status(ready ? 200 : 503)
        .set("Cache-Control", "no-store")
        .json({ ready, checks: results });
    });
  };
}
