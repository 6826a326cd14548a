import { STYLE_NAMES } from './styles.ts';

/**
 * Looks kept out of everything a model or a setting is chosen on (pretraining, hyperparameters,
 * thresholds, the choice of backbone): each stands for a new factory, and the held-out figures are
 * measured on them alone.
 */
export const HELD_OUT_STYLES: readonly string[] = ['webcam', 'oxide-backlit'];

/**
 * Looks kept out of pretraining but open to choices: which backbone ships is decided on them, as a new
 * factory would see it, so the held-out looks need not be looked at to decide it.
 */
export const SELECTION_STYLES: readonly string[] = ['hex-workshop'];

/** Looks a backbone is trained on: every style but the held-out and the selection ones. */
export const PRETRAINING_STYLES: readonly string[] = STYLE_NAMES.filter(
  (s) => !HELD_OUT_STYLES.includes(s) && !SELECTION_STYLES.includes(s),
);
