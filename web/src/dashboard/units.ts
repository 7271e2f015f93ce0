// Numbers as the cluster console shows them: compact, with the unit a person expects.

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** e.g. 1536 → "1.5 KiB"; missing → "—". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? integer.format(value) : oneDecimal.format(value)} ${BYTE_UNITS[unit]}`;
}

/** Whole numbers with grouping, e.g. 12,345; missing → "—". */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return integer.format(value);
}

/** Large counts shortened, e.g. 1.2M. */
export function formatCompact(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Math.abs(value) < 10_000 ? integer.format(value) : compact.format(value);
}

/** Messages per second: two decimals below 10, so a trickle does not read as zero. */
export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return '—';
  if (perSecond === 0) return '0';
  if (Math.abs(perSecond) < 10) return twoDecimals.format(perSecond);
  return formatCompact(perSecond);
}

export function formatPercent(fraction: number): string {
  return `${integer.format(Math.round(fraction * 100))} %`;
}

/** 0..1, for bars; anything unknown is 0. */
export function fraction(part: number | undefined, whole: number | undefined): number {
  if (!part || !whole || whole <= 0) return 0;
  return Math.min(1, Math.max(0, part / whole));
}
