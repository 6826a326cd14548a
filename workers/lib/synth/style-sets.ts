import { STYLE_NAMES } from './styles.ts';

/**
 * Looks kept out of everything a model or a setting is chosen on (pretraining, hyperparameters,
 * thresholds): each stands for a new factory, and the held-out figures are measured on them alone.
 */
export const HELD_OUT_STYLES: readonly string[] = ['webcam', 'oxide-backlit'];

/** Looks the shipped model and its backbone are trained on: every style but the held-out ones. */
export const PRETRAINING_STYLES: readonly string[] = STYLE_NAMES.filter((s) => !HELD_OUT_STYLES.includes(s));
