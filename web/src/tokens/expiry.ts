// Token lifetimes offered in the form. Shorter is safer; "never" is there for
// long-lived automation that rotates tokens by other means.

export interface ExpiryChoice {
  value: string;
  label: string;
  days?: number;
}

export const EXPIRY_CHOICES: ExpiryChoice[] = [
  { value: '7d', label: '7 days', days: 7 },
  { value: '30d', label: '30 days', days: 30 },
  { value: '90d', label: '90 days', days: 90 },
  { value: '365d', label: '1 year', days: 365 },
  { value: 'date', label: 'On a date…' },
  { value: 'never', label: 'Never' },
];

export const DEFAULT_EXPIRY = '90d';

/** ISO timestamp for the choice, `undefined` for never; throws a user-facing message for a bad date. */
export function expiresAtFor(choice: string, date: string, now = new Date()): string | undefined {
  if (choice === 'never') return undefined;
  if (choice === 'date') {
    if (!date) throw new Error('Pick the day the token stops working.');
    // The end of the chosen day, in the viewer's time zone.
    const end = new Date(`${date}T23:59:59`);
    if (Number.isNaN(end.getTime())) throw new Error('That is not a date.');
    if (end.getTime() <= now.getTime()) throw new Error('Pick a day in the future.');
    return end.toISOString();
  }
  const days = EXPIRY_CHOICES.find((option) => option.value === choice)?.days;
  if (!days) throw new Error(`Unknown expiry "${choice}".`);
  return new Date(now.getTime() + days * 24 * 3600 * 1000).toISOString();
}

/** yyyy-mm-dd of tomorrow, the earliest day the date picker allows. */
export function tomorrow(now = new Date()): string {
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${next.getFullYear()}-${pad(next.getMonth() + 1)}-${pad(next.getDate())}`;
}
