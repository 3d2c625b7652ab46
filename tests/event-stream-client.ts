// A Server-Sent Events client over a raw HTTP GET, for tests and the live benchmark: it parses
// frames as the HTML standard says browsers do, and is light enough to run thousands at once.
import { request, type IncomingHttpHeaders, type Agent } from "node:http";

export interface EventFrame {
  /** The id field, if the frame had one. */
  id?: string;
  event: string;
  data: string;
  /** When the frame's last byte arrived (performance.timeOrigin + performance.now()). */
  receivedAt: number;
}

/** Splits a stream's text into frames; feed it chunks as they arrive. */
export class EventFrameParser {
  private buffer = "";
  private id: string | undefined;
  private event = "";
  private data: string[] = [];
  retry: number | undefined;
  comments = 0;

  push(chunk: string, receivedAt: number): EventFrame[] {
    this.buffer += chunk;
    const frames: EventFrame[] = [];
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + (this.buffer.startsWith("\r\n", newline) ? 2 : 1));
      if (line === "") {
        if (this.data.length)
          frames.push({ id: this.id, event: this.event || "message", data: this.data.join("\n"), receivedAt });
        this.id = undefined;
        this.event = "";
        this.data = [];
        continue;
      }
      if (line.startsWith(":")) {
        this.comments++;
        continue;
      }
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "id") this.id = value;
      else if (field === "event") this.event = value;
      else if (field === "data") this.data.push(value);
      else if (field === "retry" && /^\d+$/.test(value)) this.retry = Number(value);
    }
    return frames;
  }
}

export interface OpenStreamOptions {
  headers?: Record<string, string>;
  agent?: Agent | false;
  onFrame?: (frame: EventFrame) => void;
}

export interface OpenStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** Every frame so far (when no onFrame was given). */
  frames: EventFrame[];
  /** The body of a refused request. */
  body: Promise<string>;
  parser: EventFrameParser;
  /** Resolves with the first frame from now on that passes the test. */
  next(test?: (frame: EventFrame) => boolean): Promise<EventFrame>;
  /** Resolves with the first frame, already here or still to come, that passes the test. */
  find(test: (frame: EventFrame) => boolean): Promise<EventFrame>;
  /** Resolves with the frame once `count` frames (of this event type, if given) have arrived. */
  count(count: number, event?: string): Promise<EventFrame[]>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

const now = () => performance.timeOrigin + performance.now();

export function openEventStream(url: string, options: OpenStreamOptions = {}): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { Accept: "text/event-stream", ...options.headers }, agent: options.agent ?? false },
      (res) => {
        const parser = new EventFrameParser();
        const frames: EventFrame[] = [];
        const waiting: Array<() => void> = [];
        let ended!: () => void;
        const endedPromise = new Promise<void>((done) => (ended = done));
        res.setEncoding("utf8");
        let body = "";
        const ok = res.statusCode === 200 && String(res.headers["content-type"]).startsWith("text/event-stream");
        res.on("data", (chunk: string) => {
          if (!ok) {
            body += chunk;
            return;
          }
          for (const frame of parser.push(chunk, now())) {
            if (options.onFrame) options.onFrame(frame);
            else frames.push(frame);
          }
          for (const check of [...waiting]) check();
        });
        res.on("end", () => ended());
        res.on("close", () => ended());
        res.on("error", () => ended());
        const stream: OpenStream & {
          findFrom(from: number, test: (frame: EventFrame) => boolean): Promise<EventFrame>;
        } = {
          status: res.statusCode ?? 0,
          headers: res.headers,
          frames,
          parser,
          body: new Promise((done) => res.on("end", () => done(body))),
          ended: endedPromise,
          next(test = () => true) {
            return this.findFrom(frames.length, test);
          },
          find(test) {
            return this.findFrom(0, test);
          },
          findFrom(from: number, test: (frame: EventFrame) => boolean) {
            return new Promise((done) => {
              const check = () => {
                const found = frames.slice(from).find(test);
                if (!found) return;
                waiting.splice(waiting.indexOf(check), 1);
                done(found);
              };
              waiting.push(check);
              check();
            });
          },
          count(count, event) {
            return new Promise((done) => {
              const check = () => {
                const matching = frames.filter((frame) => !event || frame.event === event);
                if (matching.length < count) return;
                waiting.splice(waiting.indexOf(check), 1);
                done(matching);
              };
              waiting.push(check);
              check();
            });
          },
          close() {
            req.destroy();
          },
        };
        resolve(stream);
      },
    );
    req.on("error", reject);
    req.end();
  });
}
