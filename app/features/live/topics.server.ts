// Which topics exist and who may subscribe to them. A feature declares a family of topics
// (e.g. "interviews.session", one topic per interview session) with its authoriser; the stream
// handler asks the family on every stream it opens. Nothing else is reachable over /live.
import type { Actor } from "~/shared/roles";
import { isReservedEventType, TOPIC_FAMILY_PATTERN, TOPIC_KEY_PATTERN } from "./live-events";
import { live, type LiveEvent } from "./live.server";

/**
 * "allow", "deny" (403) or "unknown" (404: no such session, or one the person may not know of).
 */
export type TopicAccess = "allow" | "deny" | "unknown";

export interface LiveTopicFamily {
  /** "interviews.session": its topics are "interviews.session.<key>". */
  name: string;
  /**
   * Whether the person may watch the topic with this key, decided now. `viewer()` looks up the
   * person behind the request only when called (a public topic need not pay for it); it is null
   * without a valid login. A stream for which the person was looked up is closed when their
   * login ends, and re-authorised at least every few minutes (the browser reconnects by itself).
   */
  authorise(key: string, viewer: () => Promise<Actor | null>): TopicAccess | Promise<TopicAccess>;
  /** Send `viewers` events (how many streams watch each topic) to the topic's streams. */
  countViewers?: boolean;
}

/** What a declaration gives the feature back: names for its topics and a typed publish. */
export interface LiveTopics<Events extends Record<string, unknown>> {
  readonly family: string;
  topic(key: string): string;
  /** Publishes on the key's topic, after the change is committed; `data` should carry new values, not differences. */
  publish<K extends keyof Events & string>(key: string, type: K, data: Events[K]): Promise<LiveEvent<Events[K]>>;
  /** Drops held events of the key's topic from every later replay (see `LiveBus.forget`). */
  forget<K extends keyof Events & string>(key: string, type: K, test: (data: Events[K]) => boolean): Promise<number>;
}

// The topic families the features declared, found by the stream handler; both are in the Remix
// build, loaded once (docs/decisions/0028-one-load-of-each-service.md).
const families = new Map<string, LiveTopicFamily>();

/**
 * Declares a family of topics. Call it at the top level of a module that the feature's routes
 * import (they do: the loader names the topic), so that it is declared when the server starts.
 * Declaring the same name again replaces the family.
 */
export function declareLiveTopics<Events extends Record<string, unknown>>(family: LiveTopicFamily): LiveTopics<Events> {
  if (!TOPIC_FAMILY_PATTERN.test(family.name)) throw new Error(`live: "${family.name}" is no topic family name`);
  families.set(family.name, family);
  const topic = (key: string) => {
    if (!TOPIC_KEY_PATTERN.test(key)) throw new Error(`live: "${key}" is no topic key`);
    return `${family.name}.${key}`;
  };
  return {
    family: family.name,
    topic,
    async publish(key, type, data) {
      if (isReservedEventType(type)) throw new Error(`live: "${type}" is an event name the stream itself uses`);
      return live.publish(topic(key), data, { type });
    },
    forget(key, type, test) {
      return live.forget(topic(key), (event) => event.type === type && test(event.data as never));
    },
  };
}

/** Forgets a family (tests that declare one of their own). */
export function withdrawLiveTopics(name: string) {
  families.delete(name);
}

export interface Authorisation {
  status: 200 | 403 | 404;
  /** The person looked up for the decision, if any: the stream then follows their login. */
  viewer: Actor | null;
  /** Whether any topic's decision depended on the person. */
  personal: boolean;
  /** Topics whose family counts viewers. */
  counted: string[];
}

/**
 * Asks each topic's family whether the person may watch it. The first refusal decides the
 * answer: an unknown topic anywhere is a 404, a denied one a 403.
 */
export async function authoriseTopics(
  topics: readonly string[],
  lookUpViewer: () => Promise<Actor | null>,
): Promise<Authorisation> {
  let lookup: Promise<Actor | null> | undefined;
  const viewer = () => (lookup ??= lookUpViewer());
  const counted: string[] = [];
  for (const topic of topics) {
    const cut = topic.lastIndexOf(".");
    const family = cut > 0 ? families.get(topic.slice(0, cut)) : undefined;
    const key = topic.slice(cut + 1);
    if (!family || !TOPIC_KEY_PATTERN.test(key)) return { status: 404, viewer: null, personal: false, counted };
    const access = await family.authorise(key, viewer);
    if (access !== "allow") return { status: access === "deny" ? 403 : 404, viewer: null, personal: false, counted };
    if (family.countViewers) counted.push(topic);
  }
  return { status: 200, viewer: lookup ? await lookup : null, personal: lookup !== undefined, counted };
}
