/** The dataset splits an image can be assigned to; storage, splitting, profiles and exports share this. */

/** A dataset split. */
export type Split = 'train' | 'validation' | 'test';

/** All splits, in display order. */
export const SPLITS: readonly Split[] = ['train', 'validation', 'test'];

/** True when `value` names a split exactly (case-sensitive). */
export function isSplit(value: unknown): value is Split {
  return (SPLITS as readonly unknown[]).includes(value);
}
