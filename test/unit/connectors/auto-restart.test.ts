// The auto-restart decision and backoff as plain functions: no Connect, no database, a clock the test moves.
import { describe, expect, it } from 'vitest';
import { decide, type ObservedConnector, type RestartState } from '../../../server/connectors/auto-restart/decide';
import { backoffSchedule, backoffSeconds, DEFAULT_POLICY, effectivePolicy, type AutoRestartPolicy } from '../../../server/connectors/auto-restart/policy';
import { gaveUpText, recoveredText, restartedText } from '../../../server/connectors/auto-restart/events';

const policy: AutoRestartPolicy = { enabled: true, maxRestarts: 3, backoffUnitSeconds: 1 };
const t0 = new Date('2026-12-03T12:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const failedTask: ObservedConnector = { connectorState: 'RUNNING', tasks: [{ id: 0, state: 'FAILED' }, { id: 1, state: 'RUNNING' }] };
const running: ObservedConnector = { connectorState: 'RUNNING', tasks: [{ id: 0, state: 'RUNNING' }, { id: 1, state: 'RUNNING' }] };

/** Runs decide and keeps the state the way the runner does. */
function step(state: RestartState | undefined, observed: ObservedConnector | undefined, now: Date, p = policy) {
  const decision = decide(p, state, observed, now);
  const next = decision.kind === 'clear' ? undefined : 'state' in decision ? decision.state : state;
  return { decision, state: next };
}

describe('backoff', () => {
  it('follows min(n² + n, 60) units after the n-th restart, none before the first', () => {
    const minutes = { ...DEFAULT_POLICY, enabled: true, maxRestarts: 9 };
    expect(backoffSeconds(minutes, 0)).toBe(0);
    expect(backoffSchedule(minutes).map((seconds) => seconds / 60)).toEqual([2, 6, 12, 20, 30, 42, 56, 60, 60]);
    expect(backoffSchedule({ ...policy, backoffUnitSeconds: 1 })).toEqual([2, 6, 12]);
  });

  it('takes a list instead of the formula, repeating its last wait', () => {
    expect(backoffSchedule({ ...policy, maxRestarts: 4, backoffScheduleSeconds: [1, 5] })).toEqual([1, 5, 5, 5]);
  });

  it("uses the connector's policy, else the cluster's, else the built-in default (off)", () => {
    const cluster = { ...policy, maxRestarts: 9 };
    expect(effectivePolicy(policy, cluster)).toEqual({ policy, source: 'connector' });
    expect(effectivePolicy(undefined, cluster)).toEqual({ policy: cluster, source: 'cluster' });
    expect(effectivePolicy(undefined, undefined)).toEqual({ policy: DEFAULT_POLICY, source: 'default' });
    expect(DEFAULT_POLICY.enabled).toBe(false);
  });

  it('says what the notifications say', () => {
    expect(restartedText(2, 5)).toBe('auto-restarted (2 of 5)');
    expect(gaveUpText(5)).toBe('gave up after 5');
    expect(recoveredText(2)).toBe('running again after 2 auto-restarts');
  });
});

describe('decide', () => {
  it('restarts a failed task at once, naming only what failed', () => {
    const { decision } = step(undefined, failedTask, t0);
    expect(decision).toMatchObject({ kind: 'restart', attempt: 1, connectorFailed: false, failedTasks: [0] });
    expect(decision.kind === 'restart' && decision.state).toEqual({ restarts: 1, lastRestartAt: t0, nextTryAt: at(2), gaveUpAt: null, runningSince: null });
  });

  it('restarts a failed connector instance too', () => {
    const { decision } = step(undefined, { connectorState: 'FAILED', tasks: [] }, t0);
    expect(decision).toMatchObject({ kind: 'restart', connectorFailed: true, failedTasks: [] });
  });

  it('does nothing for a healthy, paused or unassigned connector it never restarted', () => {
    for (const observed of [running, { connectorState: 'PAUSED', tasks: [{ id: 0, state: 'PAUSED' }] }, { connectorState: 'UNASSIGNED', tasks: [] }]) {
      expect(step(undefined, observed, t0).decision).toEqual({ kind: 'none' });
    }
  });

  it('waits the backoff between restarts, then gives up after the maximum, once', () => {
    let state = step(undefined, failedTask, t0).state;
    // Still FAILED 1 s later (also what a status read just after the restart may say): wait, next try at +2 s.
    expect(step(state, failedTask, at(1)).decision).toEqual({ kind: 'none' });
    let next = step(state, failedTask, at(2));
    expect(next.decision).toMatchObject({ kind: 'restart', attempt: 2 });
    state = next.state;
    expect(state?.nextTryAt).toEqual(at(2 + 6));
    expect(step(state, failedTask, at(7)).decision.kind).toBe('none');
    next = step(state, failedTask, at(8));
    expect(next.decision).toMatchObject({ kind: 'restart', attempt: 3 });
    state = next.state;
    expect(state?.nextTryAt).toEqual(at(8 + 12));
    expect(step(state, failedTask, at(19)).decision.kind).toBe('none');
    next = step(state, failedTask, at(20));
    expect(next.decision).toMatchObject({ kind: 'give-up', failedTasks: [0], state: { restarts: 3, gaveUpAt: at(20), nextTryAt: null } });
    state = next.state;
    // Gave up: no more restarts and no second gave-up, however long it stays failed.
    for (const seconds of [21, 100, 10_000]) expect(step(state, failedTask, at(seconds)).decision).toEqual({ kind: 'none' });
  });

  it('resets the count once the connector has stayed RUNNING longer than the next backoff', () => {
    let state = step(undefined, failedTask, t0).state;
    state = step(state, failedTask, at(2)).state; // second restart: the next backoff is 6 s
    const streak = step(state, running, at(3));
    expect(streak.decision).toMatchObject({ kind: 'remember', state: { restarts: 2, runningSince: at(3) } });
    state = streak.state;
    expect(step(state, running, at(9)).decision).toEqual({ kind: 'none' }); // 6 s: not longer than the backoff
    expect(step(state, running, at(9.5)).decision).toEqual({ kind: 'clear', reason: 'recovered' });
  });

  it('a failure in the RUNNING streak starts it over; a pause is no proof of running', () => {
    let state = step(undefined, failedTask, t0).state;
    state = step(state, running, at(1)).state;
    expect(state?.runningSince).toEqual(at(1));
    const failedAgain = step(state, failedTask, at(2));
    expect(failedAgain.decision).toMatchObject({ kind: 'restart', attempt: 2, state: { runningSince: null } });
    state = step(failedAgain.state, running, at(3)).state;
    const paused = step(state, { connectorState: 'PAUSED', tasks: [{ id: 0, state: 'PAUSED' }] }, at(4));
    expect(paused.decision).toMatchObject({ kind: 'remember', state: { restarts: 2, runningSince: null } });
  });

  it('a connector that runs again after giving up (fixed by hand) is forgotten after the backoff', () => {
    const gaveUp: RestartState = { restarts: 3, lastRestartAt: t0, nextTryAt: null, gaveUpAt: at(20), runningSince: null };
    const { state } = step(gaveUp, running, at(30));
    expect(state).toMatchObject({ gaveUpAt: at(20), runningSince: at(30) });
    expect(step(state, running, at(30 + 12.5)).decision).toEqual({ kind: 'clear', reason: 'recovered' });
  });

  it('clears the state when the connector is deleted or the policy turned off', () => {
    const state = step(undefined, failedTask, t0).state;
    expect(step(state, undefined, at(1)).decision).toEqual({ kind: 'clear', reason: 'deleted' });
    expect(step(state, failedTask, at(5), { ...policy, enabled: false }).decision).toEqual({ kind: 'clear', reason: 'disabled' });
    expect(step(undefined, undefined, at(1)).decision).toEqual({ kind: 'none' });
    expect(step(undefined, failedTask, at(1), { ...policy, enabled: false }).decision).toEqual({ kind: 'none' });
  });

  it('takes a state from before a server restart as it is: no early restart, no reset count', () => {
    const persisted: RestartState = { restarts: 2, lastRestartAt: t0, nextTryAt: at(6), gaveUpAt: null, runningSince: null };
    expect(step(persisted, failedTask, at(5)).decision).toEqual({ kind: 'none' });
    expect(step(persisted, failedTask, at(6)).decision).toMatchObject({ kind: 'restart', attempt: 3 });
  });
});
