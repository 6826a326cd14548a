/**
 * The station's drift watch in the infer worker: each frame with a part is measured against the
 * deployed model's reference (out of domain or not), live parts go into the rolling window, and the
 * window's tests give the drift status. A model without a reference learns a baseline from its first
 * BASELINE_PARTS live parts, and says so.
 */
import type { PartGeometry } from '../../models/preprocess/part.ts';
import { DEFAULT_MONITOR_THRESHOLDS, type MonitorThresholds } from '../lib/domain/scope.ts';
import { buildDriftReference, frameDrift } from '../lib/monitor/drift-reference.ts';
import { DriftWindow, samePart } from '../lib/monitor/drift-window.ts';
import { embeddingDistance } from '../lib/monitor/embedding.ts';
import { frameStats } from '../lib/monitor/frame-stats.ts';
import type { DriftReference, DriftStatus, FrameDrift, FrameStats } from '../lib/monitor/monitor-types.ts';
import type { TriggerPart } from '../lib/station/trigger.ts';
import type { FramePixels } from './frame-input.ts';

/** Live parts a baseline is learned from when a model has no training data on this device. */
export const BASELINE_PARTS = 60;

interface Baseline {
  projectId: string;
  samples: FrameStats[];
  features: Float32Array[];
  last: TriggerPart | null;
  save: (reference: DriftReference) => Promise<void>;
}

/** One worker's drift watch, following the loaded model. */
export class StationDrift {
  #key: string | null = null;
  #reference: DriftReference | null = null;
  #limits: MonitorThresholds = DEFAULT_MONITOR_THRESHOLDS;
  #window = new DriftWindow();
  #baseline: Baseline | null = null;
  #status: DriftStatus = emptyStatus(null);

  /** The reference frames are judged against now; null while none is known. */
  get reference(): DriftReference | null {
    return this.#reference;
  }

  /** Whether model `key`'s frames are already judged against a reference or teach a baseline. */
  isWatching(key: string): boolean {
    return this.#key === key && (this.#reference !== null || this.#baseline !== null);
  }

  /** A model swapped in: its frames start a fresh window, without a reference until one is set. */
  follow(key: string): void {
    if (this.#key === key) return;
    this.#key = key;
    this.#reference = null;
    this.#baseline = null;
    this.#window.reset();
    this.#status = emptyStatus(null);
  }

  /** The model `key`'s reference and the project's limits; ignored when another model serves by now. */
  useReference(key: string, reference: DriftReference, limits: MonitorThresholds): void {
    if (key !== this.#key) return;
    this.#reference = reference;
    this.#limits = limits;
    this.#baseline = null;
    this.#window.reset();
    this.#status = this.#window.status(reference, limits, Date.now());
  }

  /** Starts learning model `key`'s baseline from its live parts; `save` keeps the finished reference. */
  learnBaseline(
    key: string,
    projectId: string,
    limits: MonitorThresholds,
    save: (reference: DriftReference) => Promise<void>,
  ): void {
    if (key !== this.#key) return;
    this.#limits = limits;
    this.#baseline = { projectId, samples: [], features: [], last: null, save };
    this.#status = { ...emptyStatus(null), baseline: { parts: 0, needed: BASELINE_PARTS } };
  }

  /**
   * A frame's drift: its statistics (the embedding when the model ran and gave `features`) and
   * whether it is out of domain. A `live` frame also feeds the window (or the baseline being learned).
   */
  frame(
    pixels: FramePixels,
    geometry: PartGeometry,
    features: Float32Array | null,
    live: boolean,
    now = Date.now(),
  ): FrameDrift | null {
    if (!geometry.found) return null;
    const stats = frameStats(pixels.gray, pixels.width, pixels.height, geometry);
    const centre = this.#reference?.embeddingCentre;
    if (features && centre && features.length === centre.mean.length)
      stats.embedding = embeddingDistance(features, centre);
    const drift = frameDrift(stats, this.#reference);
    if (live) {
      if (this.#baseline) this.#learn(this.#baseline, stats, features, geometry);
      else if (this.#reference) {
        this.#window.add(drift, geometry);
        this.#status = this.#window.status(this.#reference, this.#limits, now);
      }
    }
    return drift;
  }

  /**
   * Drift of a batch of images (each its own part) against the reference, tested at once; `since` is
   * null (a batch has no time line).
   */
  batchStatus(drifts: readonly (FrameDrift | null | undefined)[]): DriftStatus {
    const measured = drifts.filter((d): d is FrameDrift => !!d);
    const window = new DriftWindow(Math.max(1, measured.length));
    // Distinct parts by construction: each image gets a place of its own so none merge.
    measured.forEach((d, i) => window.add(d, { found: true, cx: i * 1e6, cy: 0, angle: 0, length: 1 }));
    return { ...window.status(this.#reference, this.#limits, Date.now()), since: null };
  }

  /** The window against the reference as of the last live frame. */
  status(): DriftStatus {
    return this.#status;
  }

  #learn(baseline: Baseline, stats: FrameStats, features: Float32Array | null, part: TriggerPart): void {
    if (baseline.last && samePart(baseline.last, part)) return;
    baseline.last = { ...part };
    baseline.samples.push(stats);
    if (features) baseline.features.push(features);
    this.#status = {
      ...emptyStatus(null),
      baseline: { parts: baseline.samples.length, needed: BASELINE_PARTS },
    };
    if (baseline.samples.length < BASELINE_PARTS || !this.#key) return;
    const reference = buildDriftReference({
      key: this.#key,
      projectId: baseline.projectId,
      source: 'baseline',
      snapshotId: null,
      samples: baseline.samples,
      features: baseline.features,
      createdAt: Date.now(),
    });
    this.useReference(this.#key, reference, this.#limits);
    void baseline.save(reference).catch(() => {
      // Not stored (storage full): this session keeps using it, the next one learns it again.
    });
  }
}

function emptyStatus(reference: DriftReference | null): DriftStatus {
  return {
    reference: reference
      ? { source: reference.source, count: reference.count, snapshotId: reference.snapshotId }
      : null,
    window: 0,
    stats: [],
    drifted: false,
    since: null,
    outOfDomainShare: 0,
  };
}
