/** Checks on how labelled images spread over classes and splits, and whether the test split can prove the gate. */
import type { CheckDef, CheckOutcome } from './check-types.ts';
import type { DatasetProfile } from './profile-types.ts';
import { fmt, num } from './check-format.ts';
import { SPLITS } from '../splits/split.ts';
import { minSampleForLowerBound, wilsonLowerBound } from '../splits/test-size.ts';

/** A one-class project needs good train images only; defective images and the other splits just check the model. */
function goodTrainOnly(profile: DatasetProfile, min: number, good: string): CheckOutcome {
  const count = profile.counts.find((c) => c.label === good && c.split === 'train')?.count ?? 0;
  return {
    ok: count >= min,
    message:
      `one-class project: ${count} ${good} train images (needs ≥ ${min}); ` +
      'defective images and the validation and test splits are optional, used only to check the model',
    offending: [],
    observed: count,
  };
}

/** Class and split balance checks by name. */
export const SPLIT_CHECKS: Readonly<Record<string, CheckDef>> = {
  min_images_per_class_per_split: {
    doc: 'every scope class has at least `min` labelled images in each of train, validation and test, or (when `cv_folds` is set) at least `cv_folds` × `cv_min_per_fold` labelled images in all, enough to be judged by cross-validation instead of a small test split',
    params: {
      min: { type: 'number', required: true, lo: 0, doc: 'fewest images per class and split' },
      cv_folds: {
        type: 'number',
        required: false,
        lo: 0,
        doc: 'folds of the cross-validation that may stand in for small splits (default 0: none may)',
      },
      cv_min_per_fold: {
        type: 'number',
        required: false,
        lo: 1,
        doc: 'fewest images of each class per held-out fold (default 2)',
      },
    },
    run(profile, params, scope) {
      const min = num(params, 'min', 0);
      if (scope.mode === 'one-class') return goodTrainOnly(profile, min, scope.classes[0] ?? 'good');
      const folds = num(params, 'cv_folds', 0);
      const perFold = num(params, 'cv_min_per_fold', 2);
      const short: string[] = [];
      let fewest = Infinity;
      for (const label of scope.classes) {
        for (const split of SPLITS) {
          const count = profile.counts.find((c) => c.label === label && c.split === split)?.count ?? 0;
          fewest = Math.min(fewest, count);
          if (count < min) short.push(`${label}/${split} ${count}`);
        }
      }
      const cells = scope.classes.length * SPLITS.length;
      const observed = Number.isFinite(fewest) ? fewest : 0;
      if (!short.length)
        return {
          ok: true,
          message: `all ${cells} class × split cells have ≥ ${min} images (fewest ${fewest})`,
          offending: [],
          observed,
        };
      const shortText = `${short.length} of ${cells} class × split cells have fewer than ${min} images: ${short.join(', ')}`;
      if (folds < 2) return { ok: false, message: shortText, offending: [], observed };
      const needed = Math.ceil(folds * perFold);
      const thin = scope.classes
        .map((label) => ({
          label,
          count: profile.counts
            .filter((c) => c.label === label && c.split !== null)
            .reduce((sum, c) => sum + c.count, 0),
        }))
        .filter((c) => c.count < needed);
      return thin.length
        ? {
            ok: false,
            message: `${shortText}. Add images, or label at least ${needed} of each class (${folds} folds × ${perFold}) so cross-validation on the Evaluate screen can judge the model; short: ${thin.map((c) => `${c.label} ${c.count}`).join(', ')}`,
            offending: [],
            observed,
          }
        : {
            ok: true,
            message: `${shortText}, but every class has ≥ ${needed} images, enough for ${folds}-fold cross-validation (≥ ${perFold} per class per fold): judge the model by cross-validation on the Evaluate screen, not by the small test split`,
            offending: [],
            observed,
          };
    },
  },
  validation_holds_classes: {
    doc: 'the validation split holds at least `min` labelled images of every scope class (a one-class project: of the good class), so the operating threshold is chosen on images the model did not learn from',
    params: { min: { type: 'number', required: true, lo: 1, doc: 'fewest validation images per class' } },
    run(profile, params, scope) {
      const min = num(params, 'min', 1);
      const classes = scope.mode === 'one-class' ? scope.classes.slice(0, 1) : scope.classes;
      const counts = classes.map((label) => ({
        label,
        count: profile.counts.find((c) => c.label === label && c.split === 'validation')?.count ?? 0,
      }));
      const short = counts.filter((c) => c.count < min);
      const held = counts.map((c) => `${c.label} ${c.count}`).join(', ');
      if (!short.length)
        return { ok: true, message: `validation holds ${held}`, offending: [], observed: held };
      const consequence =
        scope.mode === 'one-class'
          ? 'the threshold is then set on train images, each scored against a bank built without it, a rougher guide to new good parts'
          : 'a two-class model then decides at P(bad) 0.5 instead of at a threshold chosen on images it did not learn from';
      return {
        ok: false,
        message: `validation holds ${held} (needs ≥ ${min} of ${short.map((c) => c.label).join(', ')}): ${consequence}. Split again with "Reassign every image" (pipeline: split --reassign) to give validation its share`,
        offending: [],
        observed: held,
      };
    },
  },
  max_class_imbalance: {
    doc: 'largest over smallest scope-class image count is at most `max`',
    params: { max: { type: 'number', required: true, lo: 1, doc: 'highest allowed ratio' } },
    run(profile, params, scope) {
      const max = num(params, 'max', Infinity);
      if (scope.mode === 'one-class')
        return {
          ok: true,
          message: 'one-class project: class balance does not apply, the model learns from good parts only',
          offending: [],
        };
      const counts = scope.classes.map((label) => ({
        label,
        count: profile.classTotals.find((c) => c.label === label)?.count ?? 0,
      }));
      if (counts.length < 2) return { ok: true, message: 'fewer than two classes in scope', offending: [] };
      const hi = counts.reduce((a, b) => (b.count > a.count ? b : a));
      const lo = counts.reduce((a, b) => (b.count < a.count ? b : a));
      const ratio = lo.count > 0 ? hi.count / lo.count : Infinity;
      const shown = Number.isFinite(ratio) ? fmt(ratio, 2) : '∞';
      return {
        ok: ratio <= max,
        message: `class imbalance ${shown} (${hi.label} ${hi.count} vs ${lo.label} ${lo.count}); allowed ≤ ${fmt(max, 2)}`,
        offending: [],
        observed: Number.isFinite(ratio) ? Math.round(ratio * 100) / 100 : 'inf',
      };
    },
  },
  test_split_gate_power: {
    doc: 'the labelled test split is large enough that the Wilson 95% lower bound at the gate accuracy reaches `min_lower_bound`',
    params: {
      gate: {
        type: 'number',
        required: false,
        lo: 0,
        hi: 1,
        doc: 'accuracy to test at (default: scope gate)',
      },
      min_lower_bound: {
        type: 'number',
        required: false,
        lo: 0,
        hi: 1,
        doc: 'required lower bound (default gate − 0.05)',
      },
    },
    run(profile, params, scope) {
      const gate = num(params, 'gate', scope.gate.threshold);
      const target = num(params, 'min_lower_bound', Math.max(0, gate - 0.05));
      const n = profile.counts
        .filter((c) => c.split === 'test' && c.label !== null)
        .reduce((s, c) => s + c.count, 0);
      const lb = wilsonLowerBound(gate * n, n);
      const need = minSampleForLowerBound(gate, target);
      const needText = need === null ? 'no test size reaches it' : `needs ≥ ${need} labelled test images`;
      return {
        ok: lb >= target,
        message: `Wilson 95% lower bound at accuracy ${fmt(gate, 3)} with ${n} labelled test images is ${lb.toFixed(3)} (required ≥ ${fmt(target, 3)}; ${needText})${lb >= target ? '' : '; cross-validation on the Evaluate screen tests every image instead'}`,
        offending: [],
        observed: Math.round(lb * 10_000) / 10_000,
      };
    },
  },
};
