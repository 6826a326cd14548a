/** Types of the built-in checks: their parameters, outcomes and definitions. */
import type { AssertionScope, ParamValue } from './assertion-types.ts';
import type { DatasetProfile } from './profile-types.ts';

/** Declared type and meaning of one check parameter. */
export interface ParamSpec {
  type: 'number' | 'boolean';
  required: boolean;
  /** Inclusive numeric bounds, where the parameter has natural ones. */
  lo?: number;
  hi?: number;
  doc: string;
}

/** What a check found: whether it held, a message with numbers, and the images at fault. */
export interface CheckOutcome {
  ok: boolean;
  message: string;
  offending: string[];
  observed?: number | string;
}

/** A built-in check: its parameters and how to run it. */
export interface CheckDef {
  doc: string;
  params: Record<string, ParamSpec>;
  /** At least one of these parameters must be given (e.g. a range needs min or max). */
  oneOf?: string[];
  run(profile: DatasetProfile, params: Record<string, ParamValue>, scope: AssertionScope): CheckOutcome;
}
