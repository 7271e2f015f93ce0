// One vocabulary for every status shown in the console. Each tone has its own
// icon and word, so the state never depends on colour alone.

export type Tone = 'ok' | 'warn' | 'down' | 'off' | 'unknown';

export interface StatusView {
  tone: Tone;
  label: string;
}

const views: Record<string, StatusView> = {
  ok: { tone: 'ok', label: 'Operational' },
  up: { tone: 'ok', label: 'Up' },
  degraded: { tone: 'warn', label: 'Degraded' },
  down: { tone: 'down', label: 'Down' },
  active: { tone: 'ok', label: 'Active' },
  expired: { tone: 'warn', label: 'Expired' },
  revoked: { tone: 'off', label: 'Revoked' },
  disabled: { tone: 'off', label: 'Disabled' },
  success: { tone: 'ok', label: 'Success' },
  failure: { tone: 'down', label: 'Failure' },
  denied: { tone: 'warn', label: 'Denied' },
};

export function statusView(status: string | undefined): StatusView {
  return (status && views[status]) || { tone: 'unknown', label: status ? capitalise(status) : 'Unknown' };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
