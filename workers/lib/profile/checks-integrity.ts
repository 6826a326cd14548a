/** Checks that the dataset is sound: no leaks across splits, no conflicting labels, everything decodes. */
import type { CheckDef } from './check-types.ts';
import { plural } from './check-format.ts';

function groupIds(groups: ReadonlyArray<{ ids: string[] }>): string[] {
  return [...new Set(groups.flatMap((g) => g.ids))];
}

/** Integrity checks by name. */
export const INTEGRITY_CHECKS: Readonly<Record<string, CheckDef>> = {
  no_cross_split_duplicates: {
    doc: 'no image content (identical when `exact`, near-identical when `near`) sits in two splits',
    params: {
      exact: { type: 'boolean', required: false, doc: 'count identical files (default true)' },
      near: { type: 'boolean', required: false, doc: 'count near duplicates (default true)' },
    },
    run(profile, params) {
      const leaks = profile.leaks.filter((g) => params[g.kind] !== false);
      const exact = leaks.filter((g) => g.kind === 'exact').length;
      const offending = groupIds(leaks);
      return {
        ok: leaks.length === 0,
        message: leaks.length
          ? `${plural(leaks.length, 'duplicate group spans', 'duplicate groups span')} splits (${exact} exact, ${leaks.length - exact} near), ${offending.length} images`
          : 'no duplicate content across splits',
        offending,
        observed: leaks.length,
      };
    },
  },
  no_label_conflicts: {
    doc: 'identical images never carry different labels',
    params: {},
    run(profile) {
      const offending = groupIds(profile.labelConflicts);
      const n = profile.labelConflicts.length;
      return {
        ok: n === 0,
        message: n
          ? `${plural(n, 'identical-content group carries', 'identical-content groups carry')} conflicting labels (${offending.length} images)`
          : 'no label conflicts',
        offending,
        observed: n,
      };
    },
  },
  all_decodable: {
    doc: 'every image decodes',
    params: {},
    run(profile) {
      const n = profile.undecodable.length;
      return {
        ok: n === 0,
        message: n
          ? `${n} of ${profile.imageCount} images could not be decoded`
          : `all ${profile.imageCount} images decode`,
        offending: profile.undecodable.slice(),
        observed: n,
      };
    },
  },
};
