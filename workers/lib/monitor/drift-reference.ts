/**
 * A model version's drift reference: its training images' statistics, the range outside which a
 * frame is out of domain, and the out-of-domain judgement of one frame.
 *
 * The out-of-domain rule: take the training values' 1st and 99th percentiles and widen that range by
 * half its width on each side (OOD_WIDEN). A frame outside it is further from the training data than
 * almost any training image was, by a wide margin, so the verdict it would get is not trusted.
 * Sharpness spans decades and blur divides it, so its range is taken on a log scale; the embedding
 * distance has only an upper limit (close to the training features is never a problem); the part's
 * angle is never out of domain (a part may lie any way round).
 */
import { quantileSorted } from '../profile/stats.ts';
import { embeddingCentre, embeddingDistance } from './embedding.ts';
import {
  DRIFT_STATS,
  type DriftReference,
  type DriftReferenceSource,
  type DriftStat,
  type EmbeddingCentre,
  type FrameDrift,
  type FrameStats,
  type StatReference,
} from './monitor-types.ts';

/** The most training values kept per statistic: enough for PSI's deciles and the KS test, small to store. */
export const MAX_REFERENCE_VALUES = 300;
/** Images with model features needed before the embedding statistic is kept: fewer give no stable centre. */
export const MIN_EMBEDDING_IMAGES = 20;
/** How far beyond the training range's 1st–99th percentiles a frame may lie, as a share of that range's width. */
export const OOD_WIDEN = 0.5;
/** The lower percentile of the out-of-domain rule (the upper one is 1 minus it). */
export const OOD_TAIL = 0.01;

const LOG_SCALE: ReadonlySet<DriftStat> = new Set(['sharpness']);

/** The training distribution of one statistic and its out-of-domain range (see the rule above). */
export function statReference(stat: DriftStat, values: readonly number[]): StatReference {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (stat === 'partAngle') return { sorted, lo: 0, hi: 180 };
  const log = LOG_SCALE.has(stat);
  const t = (v: number) => (log ? Math.log(Math.max(v, 1e-6)) : v);
  const back = (v: number) => (log ? Math.exp(v) : v);
  const p1 = t(quantileSorted(sorted, OOD_TAIL));
  const p99 = t(quantileSorted(sorted, 1 - OOD_TAIL));
  const widen = OOD_WIDEN * (p99 - p1);
  return {
    sorted,
    lo: stat === 'embedding' ? 0 : round(back(p1 - widen)),
    hi: round(back(p99 + widen)),
  };
}

/** What a reference is built from: each measured image's statistics, and the model's features where it ran. */
export interface ReferenceInput {
  key: string;
  projectId: string;
  source: DriftReferenceSource;
  snapshotId: string | null;
  samples: readonly FrameStats[];
  /** the model's penultimate features of the measured images (any order); absent or too few: no embedding */
  features?: readonly ArrayLike<number>[] | null;
  createdAt: number;
}

/**
 * A drift reference from measured images; a statistic no image had is left out. With features of at
 * least MIN_EMBEDDING_IMAGES images, their centre is kept and each image's distance from it becomes
 * the embedding statistic's training distribution.
 */
export function buildDriftReference(input: ReferenceInput): DriftReference {
  const features = input.features ?? [];
  let centre: EmbeddingCentre | null = null;
  let samples = input.samples;
  if (features.length >= MIN_EMBEDDING_IMAGES) {
    const c = embeddingCentre(features);
    centre = c;
    samples = [...samples, ...features.map((f) => ({ embedding: embeddingDistance(f, c) }))];
  }
  const stats: DriftReference['stats'] = {};
  for (const stat of DRIFT_STATS) {
    const values = samples.map((s) => s[stat]).filter((v): v is number => v !== undefined);
    if (values.length > 0) stats[stat] = statReference(stat, values.slice(0, MAX_REFERENCE_VALUES));
  }
  return {
    key: input.key,
    projectId: input.projectId,
    source: input.source,
    snapshotId: input.snapshotId,
    count: input.samples.length,
    stats,
    createdAt: input.createdAt,
    ...(centre ? { embeddingCentre: centre } : {}),
  };
}

/** Words for each statistic, as the station and reasons name them. */
export const STAT_WORDS: Record<DriftStat, string> = {
  brightness: 'brightness',
  contrast: 'contrast',
  sharpness: 'sharpness',
  foreground: 'part area',
  partLength: 'part length',
  partAngle: 'part angle',
  embedding: 'model features',
};

/** A frame's place relative to the reference: out of domain when any statistic leaves its range. */
export function frameDrift(stats: FrameStats, reference: DriftReference | null): FrameDrift {
  const reasons: string[] = [];
  if (reference) {
    for (const stat of DRIFT_STATS) {
      const value = stats[stat];
      const ref = reference.stats[stat];
      if (value === undefined || !ref || stat === 'partAngle') continue;
      if (value < ref.lo)
        reasons.push(`${STAT_WORDS[stat]} ${fmt(value)} below the training range ${range(ref)}`);
      else if (value > ref.hi)
        reasons.push(`${STAT_WORDS[stat]} ${fmt(value)} above the training range ${range(ref)}`);
    }
  }
  return { stats, outOfDomain: reasons.length > 0, reasons };
}

function range(ref: StatReference): string {
  return `${fmt(quantileSorted(ref.sorted, OOD_TAIL))}–${fmt(quantileSorted(ref.sorted, 1 - OOD_TAIL))}`;
}

/** A number at the precision a person reads it: whole above 100, three significant digits below. */
export function fmt(v: number): string {
  return Math.abs(v) >= 100 ? String(Math.round(v)) : String(Number(v.toPrecision(3)));
}

function round(v: number): number {
  return Number(v.toPrecision(6));
}
