// One vocabulary for every status shown in the console. Each tone has its own
// icon and word, so the state never depends on colour alone.

export type Tone = 'ok' | 'warn' | 'down' | 'unknown';

export interface StatusView {
  tone: Tone;
  label: string;
}

const views: Record<string, StatusView> = {
  ok: { tone: 'ok', label: 'Operational' },
  up: { tone: 'ok', label: 'Up' },
  degraded: { tone: 'warn', label: 'Degraded' },
  down: { tone: 'down', label: 'Down' },
};

export function statusView(status: string | undefined): StatusView {
  return (status && views[status]) || { tone: 'unknown', label: 'Unknown' };
}
