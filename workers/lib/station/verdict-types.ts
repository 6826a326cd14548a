/**
 * The station's answer for one frame: OK, NG, no part in view, or a part too far outside the
 * training data to judge (out of domain). Only 'ok' passes a part. Its own file, so monitoring's
 * types can name it without importing the station's, which name theirs.
 */
export type Verdict = 'ok' | 'ng' | 'no-part' | 'out-of-domain';
