/** A fixed-capacity FIFO: pushing onto a full ring drops the oldest item, so memory stays bounded. */
export class Ring<T> {
  readonly #items: (T | undefined)[];
  #start = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`Ring capacity must be a positive integer, got ${capacity}`);
    this.#items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  push(item: T): void {
    const end = (this.#start + this.#size) % this.capacity;
    this.#items[end] = item;
    if (this.#size < this.capacity) this.#size += 1;
    else this.#start = (this.#start + 1) % this.capacity;
  }

  /** Oldest first. */
  toArray(): T[] {
    const items: T[] = [];
    for (let i = 0; i < this.#size; i++) items.push(this.#items[(this.#start + i) % this.capacity]!);
    return items;
  }

  /** The newest `count` items, oldest first. */
  last(count: number): T[] {
    const all = this.toArray();
    return all.slice(Math.max(0, all.length - count));
  }

  newest(): T | undefined {
    return this.#size === 0 ? undefined : this.#items[(this.#start + this.#size - 1) % this.capacity];
  }
}
