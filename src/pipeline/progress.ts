/** One-line progress texts the runner shows on a terminal while a long command runs. */
import type { IngestProgress } from '../../workers/ingest/ingest-types.ts';
import type { ProfileProgress } from '../../workers/profile/profile-job.ts';
import type { TrainProgress } from '../../workers/train/train-types.ts';
import type { EpochMetrics } from '../../workers/lib/db/schema/runs.ts';

const rate = (imagesPerSecond: number) => `${imagesPerSecond.toFixed(1)} images/s`;

/** "import: 120/400 files · 31.2 images/s · good/0042.png" */
export function importLine(p: IngestProgress): string {
  const files = p.total === null ? `${p.processed} files` : `${p.processed}/${p.total} files`;
  return `import: ${files} · ${rate(p.imagesPerSecond)}${p.current ? ` · ${p.current}` : ''}`;
}

/** "profile: 300/1000 images · 85.0 images/s" */
export function profileLine(p: ProfileProgress): string {
  return `profile: ${p.done}/${p.total} images · ${rate(p.imagesPerSecond)}`;
}

/** "train: epoch 12/60 · batch 3/9 · val acc 0.930 · 212.4 images/s · 1m 20s left"; `last` is the latest finished epoch. */
export function trainLine(p: TrainProgress, last?: EpochMetrics): string {
  if (p.phase === 'profiling')
    return `train: profiling the snapshot for the data gate ${p.done}/${p.total} images`;
  if (p.phase === 'preparing')
    return `train: preparing${p.prepared ? ` ${p.prepared.done}/${p.prepared.total} images` : ''}`;
  if (p.phase === 'evaluating') return `train: evaluating on the test split`;
  if (p.phase === 'fitting')
    return `train: fitting the memory bank on ${p.fitting?.goodImages ?? '?'} good images (${p.fitting?.ignoredDefective ?? 0} defective left out)`;
  if (p.phase === 'calibrating') return `train: choosing the threshold on the validation split`;
  const valAccuracy = (p.finishedEpoch ?? last)?.valAccuracy;
  return [
    `train: epoch ${p.epoch}/${p.epochs}`,
    `batch ${p.batch}/${p.batches}`,
    valAccuracy == null ? `acc ${p.accuracy.toFixed(3)}` : `val acc ${valAccuracy.toFixed(3)}`,
    rate(p.imagesPerSecond),
    ...(p.etaMs === null ? [] : [`${duration(p.etaMs)} left`]),
  ].join(' · ');
}

/** "45s", "3m 05s", "1h 02m" from ms. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
