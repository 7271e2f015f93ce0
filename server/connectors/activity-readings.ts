/**
 * The last readings of each connector's position (records so far), so two looks at its page give a rate. In
 * memory and bounded: a few readings per connector, connectors not looked at for ten minutes forgotten.
 */
export interface Reading {
  at: number;
  position: number;
}

export interface ReadingSettings {
  /** A rate needs readings at least this far apart; closer ones measure noise. */
  minWindowMs: number;
  /** Readings older than this are dropped: the rate is of the last half minute, not since the page opened. */
  maxWindowMs: number;
  forgetAfterMs: number;
}

const DEFAULTS: ReadingSettings = { minWindowMs: 1_000, maxWindowMs: 30_000, forgetAfterMs: 600_000 };

interface Track {
  readings: Reading[];
  lastGrowthAt: number | null;
}

export class Readings {
  readonly #tracks = new Map<string, Track>();
  readonly #settings: ReadingSettings;

  constructor(settings: Partial<ReadingSettings> = {}) {
    this.#settings = { ...DEFAULTS, ...settings };
  }

  /** Records a reading; answers the rate against the oldest kept reading, and when the position last grew. */
  add(key: string, reading: Reading): { rate: { perSec: number; windowMs: number } | null; lastGrowthAt: number | null } {
    this.#forgetIdle(reading.at);
    const track = this.#tracks.get(key) ?? { readings: [], lastGrowthAt: null };
    const previous = track.readings.at(-1);
    // A position that went back (topic recreated, offsets reset) starts over rather than giving a negative rate.
    if (previous && reading.position < previous.position) track.readings = [];
    else if (previous && reading.position > previous.position) track.lastGrowthAt = reading.at;
    track.readings = [...track.readings.filter((kept) => reading.at - kept.at <= this.#settings.maxWindowMs), reading].slice(-20);
    this.#tracks.set(key, track);
    const oldest = track.readings[0]!;
    const windowMs = reading.at - oldest.at;
    const rate = windowMs >= this.#settings.minWindowMs ? { perSec: ((reading.position - oldest.position) * 1000) / windowMs, windowMs } : null;
    return { rate, lastGrowthAt: track.lastGrowthAt };
  }

  #forgetIdle(now: number): void {
    for (const [key, track] of this.#tracks) if (now - (track.readings.at(-1)?.at ?? 0) > this.#settings.forgetAfterMs) this.#tracks.delete(key);
  }
}

/** One per process: every request for a connector adds to the same readings. */
export const readings = new Readings();
