/** What kind of problem made a bundle untrustworthy; the message says which file and what to do. */
export type BundleProblem =
  | 'file'
  | 'digest'
  | 'weights'
  | 'dtype'
  | 'size'
  | 'metadata'
  | 'layer'
  | 'format-version'
  | 'preprocess'
  | 'golden';

/** A model bundle refused on import: nothing of it was stored. */
export class BundleRejectedError extends Error {
  override name = 'BundleRejectedError';
  /** what kind of problem it was, for callers that react differently to each */
  readonly problem: BundleProblem;

  constructor(problem: BundleProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}
