/** Types shared by the data-quality assertions, their checks and their YAML form. */

/** A check parameter's value as written in YAML. */
export type ParamValue = number | string | boolean;

/** One declarative data-quality rule: which check runs, with which parameters, and what a failure means. */
export interface Assertion {
  /** Unique within a set; diffs and reports follow assertions by id. */
  id: string;
  /** Name of a built-in check, e.g. 'brightness_within'. */
  check: string;
  params: Record<string, ParamValue>;
  /** Status a violated assertion gets: 'fail' (red) or 'warn' (amber). */
  severity: 'fail' | 'warn';
  /** Whether a 'fail' result stops training. */
  blocking: boolean;
  description?: string;
}

/** Outcome of one assertion against one profile. */
export interface AssertionResult {
  id: string;
  check: string;
  status: 'pass' | 'warn' | 'fail';
  blocking: boolean;
  /** Human-readable verdict with the numbers behind it. */
  message: string;
  /** Ids of the images at fault, at most MAX_OFFENDING of them. */
  offending: string[];
  /** Total offending images before the cap. */
  offendingCount: number;
  /** The measured quantity the check compared (e.g. a ratio or a count). */
  observed?: number | string;
}

/** What the assertions need from the project scope. */
export interface AssertionScope {
  classes: string[];
  /** Model input side (pixels). */
  inputSize: number;
  /** Release gate: test accuracy (0..1) the model must reach. */
  gate: { threshold: number };
  /** 'one-class': models learn from good train images only, so per-class counts and balance do not apply */
  mode?: 'classifier' | 'one-class';
}

/** Most offending image ids a result lists; the count says how many there were in all. */
export const MAX_OFFENDING = 200;
