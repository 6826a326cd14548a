/** Number and time formatting of the Monitor page. */

/** A 0..1 share as a percentage ("12.5%", "3%"), or a dash when unknown. */
export function share(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const p = value * 100;
  return `${p < 10 && p > 0 ? p.toFixed(1) : p.toFixed(0)}%`;
}

/** A time (ms since epoch) as the local clock time, to the second. */
export function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** How long ago `ms` was at `now`, in words: "40 s ago", "12 min ago", "3 h ago". */
export function ago(ms: number, now: number): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 90) return `${s} s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

/** A statistic's value, with as many digits as its size needs. */
export function num(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** A KS p-value: "< 0.001" below a thousandth. */
export function pValue(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}
