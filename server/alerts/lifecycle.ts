/**
 * An alert's life, pure: pending (the condition holds, for-duration not yet over) → firing (one notification)
 * → resolved (one notification), with an optional reminder while firing. Flapping is damped twice: the
 * for-duration, and a minimum time between two notifications of one alert, during which a transition that
 * would notify waits (an alert that clears and comes back within it stays firing, telling nobody twice).
 */
import type { AlertState } from '../db/tables';

export interface AlertStep {
  state: AlertState;
  since: number;
  firedAt: number | null;
  resolvedAt: number | null;
  lastNotifiedAt: number | null;
  episode: number;
}

export interface RuleTiming {
  forSeconds: number;
  reminderSeconds: number | null;
  minIntervalSeconds: number;
}

export type NotificationKind = 'firing' | 'resolved' | 'reminder';

export interface StepResult {
  next: AlertStep;
  notify?: NotificationKind;
}

/** What the alert becomes at `now`, given whether its condition holds; undefined when nothing changes. */
export function step(previous: AlertStep | undefined, holds: boolean, now: number, rule: RuleTiming, acknowledged = false): StepResult | undefined {
  const quiet = (at: number | null) => at !== null && now - at < rule.minIntervalSeconds * 1000;
  const state = previous?.state ?? 'resolved';
  if (state === 'resolved') {
    if (!holds) return undefined;
    const pending: AlertStep = { state: 'pending', since: now, firedAt: previous?.firedAt ?? null, resolvedAt: previous?.resolvedAt ?? null, lastNotifiedAt: previous?.lastNotifiedAt ?? null, episode: previous?.episode ?? 0 };
    return step(pending, true, now, rule) ?? { next: pending };
  }
  if (state === 'pending') {
    if (!holds) return { next: { ...previous!, state: 'resolved' } };
    if (now - previous!.since < rule.forSeconds * 1000 || quiet(previous!.lastNotifiedAt)) return undefined;
    return { next: { ...previous!, state: 'firing', firedAt: now, lastNotifiedAt: now, episode: previous!.episode + 1 }, notify: 'firing' };
  }
  // firing
  if (!holds) {
    if (quiet(previous!.lastNotifiedAt)) return undefined;
    return { next: { ...previous!, state: 'resolved', resolvedAt: now, lastNotifiedAt: now }, notify: 'resolved' };
  }
  if (rule.reminderSeconds && !acknowledged && previous!.lastNotifiedAt !== null && now - previous!.lastNotifiedAt >= rule.reminderSeconds * 1000) {
    return { next: { ...previous!, lastNotifiedAt: now }, notify: 'reminder' };
  }
  return undefined;
}

/** One notification of one alert's episode: the same on every retry and every server, so receivers can dedupe. */
export function dedupeKey(alertKey: string, episode: number, kind: NotificationKind, at: number): string {
  return kind === 'reminder' ? `${alertKey}#${episode}:reminder@${at}` : `${alertKey}#${episode}:${kind}`;
}
