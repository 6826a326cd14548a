import type { CommandOptions } from './types.ts';

/** What a numeric option may hold. */
export type NumberKind = 'number' | 'share' | 'whole';

const RULES: Record<NumberKind, { ok: (v: number) => boolean; expected: string }> = {
  number: { ok: Number.isFinite, expected: 'a number' },
  share: { ok: (v) => v >= 0 && v <= 1, expected: 'a share between 0 and 1' },
  whole: { ok: (v) => Number.isInteger(v) && v >= 0, expected: 'a whole number' },
};

/** The command-line spelling of an option key: defectRatio → --defect-ratio. */
export function flag(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** A numeric option, or `fallback` when it was not given; throws a message naming the flag otherwise. */
export function numberOption(
  options: CommandOptions,
  key: string,
  fallback: number,
  kind: NumberKind = 'number',
): number {
  const raw = options[key];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !RULES[kind].ok(value))
    throw new Error(`${flag(key)} must be ${RULES[kind].expected}, got "${String(raw)}".`);
  return value;
}
