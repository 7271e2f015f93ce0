/**
 * The latest reading per cluster, shared by every reader: one asking for a value no older than it accepts gets the
 * one kept, else it is read (joining a read already in flight), so several consumers of one reading never double it.
 */
export class Latest<C extends { id: string }, T extends { at: number }> {
  readonly #values = new Map<string, T>();
  readonly #inFlight = new Map<string, Promise<T>>();

  constructor(private readonly read: (cluster: C) => Promise<T>) {}

  async get(cluster: C, maxAgeMs: number, now: number): Promise<T> {
    const value = this.#values.get(cluster.id);
    if (value && now - value.at <= maxAgeMs) return value;
    let work = this.#inFlight.get(cluster.id);
    if (!work) {
      work = this.read(cluster)
        .then((read) => (this.#values.set(cluster.id, read), read))
        .finally(() => this.#inFlight.delete(cluster.id));
      this.#inFlight.set(cluster.id, work);
    }
    return work;
  }

  /**
   * Without waiting: the kept value unless older than `staleAfterMs` (undefined then, or when none was read yet), and
   * a read started in the background when it is older than `maxAgeMs`. For a loop that must not stall on a slow or
   * unreachable cluster; a failed read leaves the kept value to age out.
   */
  peek(cluster: C, maxAgeMs: number, staleAfterMs: number, now: number): T | undefined {
    const value = this.#values.get(cluster.id);
    if (!value || now - value.at > maxAgeMs) this.get(cluster, maxAgeMs, now).catch(() => {});
    return value && now - value.at <= staleAfterMs ? value : undefined;
  }
}
