import type { MetadataResponse } from '../kafka/protocol';
import type { KafkaClient } from '../kafka/client';

export interface MetadataSnapshot {
  metadata: MetadataResponse;
  fetchedAt: number;
}

const DEFAULT_TTL_MS = 5_000;

/**
 * Full cluster metadata (every topic and partition: one Metadata request however many topics there are), kept a
 * few seconds per cluster so paging through 10,000 topics or refreshing the broker list does not refetch it.
 * Concurrent callers share one request; writes invalidate.
 */
export class MetadataCache {
  readonly #entries = new Map<string, { snapshot: Promise<MetadataSnapshot>; fetchedAt: number }>();

  constructor(readonly ttlMs = DEFAULT_TTL_MS, private readonly now: () => number = Date.now) {}

  get(kafka: KafkaClient): Promise<MetadataSnapshot> {
    const key = kafka.clusterId;
    const cached = this.#entries.get(key);
    if (cached && this.now() - cached.fetchedAt < this.ttlMs) return cached.snapshot;
    const fetchedAt = this.now();
    const snapshot = kafka.metadata(null).then((metadata) => ({ metadata, fetchedAt }));
    const entry = { snapshot, fetchedAt };
    this.#entries.set(key, entry);
    snapshot.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return snapshot;
  }

  invalidate(clusterId: string): void {
    this.#entries.delete(clusterId);
  }
}
