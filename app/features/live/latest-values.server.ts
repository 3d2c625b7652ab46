// Values that change many times a second (a question's vote count while hundreds vote) are
// published at most once per interval and topic, each key with its latest value: with thousands
// watching, every publication is thousands of writes, so a hundred votes a second must not be a
// hundred broadcasts (docs/decisions/0011).

export class LatestValues<T> {
  private readonly topics = new Map<
    string,
    { values: Map<string, T>; timer?: ReturnType<typeof setTimeout>; lastFlush: number }
  >();

  /**
   * `flush` publishes one event with every changed key's latest value. The first change after a
   * quiet interval goes out at once (within the same tick's other changes); later ones wait for
   * the interval to pass.
   */
  constructor(
    private readonly intervalMs: number,
    private readonly flush: (topic: string, values: Record<string, T>) => void,
  ) {}

  set(topic: string, key: string, value: T) {
    let state = this.topics.get(topic);
    if (!state) {
      state = { values: new Map(), lastFlush: 0 };
      this.topics.set(topic, state);
    }
    state.values.set(key, value);
    if (state.timer) return;
    const wait = Math.max(0, state.lastFlush + this.intervalMs - Date.now());
    state.timer = setTimeout(() => this.publish(topic), wait);
    state.timer.unref?.();
  }

  private publish(topic: string) {
    const state = this.topics.get(topic)!;
    state.timer = undefined;
    state.lastFlush = Date.now();
    const values = Object.fromEntries(state.values);
    state.values.clear();
    try {
      this.flush(topic, values);
    } catch (error) {
      // A timer's exception would end the process; the next change publishes again.
      console.error(`live: publishing the latest values of ${topic} failed`, error);
    }
  }
}
