/**
 * Frames the station keeps for review, stored as images of the project (source 'station', no label)
 * with their provenance, and the review queue they wait in until someone labels them.
 */
import type { Db } from './open-db.ts';
import { writeTransaction } from './open-db.ts';
import { imageId } from './images-repo.ts';
import type { ImageRecord } from './schema/images.ts';
import {
  DEFAULT_REVIEW_CAP_BYTES,
  DEFAULT_REVIEW_CAP_COUNT,
  DEFAULT_REVIEW_SAMPLE_GAP_SECONDS,
  DEFAULT_STATION_NAME,
} from './schema/settings.ts';
import type { StationProvenance } from '../monitor/monitor-types.ts';
import { planReviewCapacity, type QueuedFrame, type ReviewCap } from '../monitor/review-sampler.ts';

/** The `importId` of station frames: they arrive one by one, not through an import job. */
export const STATION_IMPORT_ID = 'station';

/** One judged frame to keep, encoded by the station. */
export interface ReviewFrame {
  projectId: string;
  /** the full-resolution frame as a PNG: its bytes are the image's original and give its SHA-256 */
  original: Blob;
  sha256: string;
  thumbnail: Blob;
  /** 16-hex-digit difference hash, so near-duplicate frames share a split */
  phash: string | null;
  /** px */
  width: number;
  height: number;
  provenance: StationProvenance;
}

/** What became of a frame offered to the review queue. */
export type ReviewOutcome =
  | { status: 'stored'; image: ImageRecord; pruned: string[] }
  | { status: 'duplicate'; image: ImageRecord }
  | { status: 'refused'; reason: string };

/** The station's review settings as stored, with their defaults. */
export interface ReviewSettings {
  station: string;
  cap: ReviewCap;
  /** least time between two automatic samples of one reason, ms */
  gapMs: number;
}

/** Reads the station name, the review queue's cap and the sampling gap from the settings. */
export async function reviewSettings(db: Db): Promise<ReviewSettings> {
  const [station, maxCount, maxBytes, gap] = await Promise.all([
    db.get('settings', 'stationName'),
    db.get('settings', 'reviewCapCount'),
    db.get('settings', 'reviewCapBytes'),
    db.get('settings', 'reviewSampleGapSeconds'),
  ]);
  return {
    station: typeof station?.value === 'string' && station.value ? station.value : DEFAULT_STATION_NAME,
    cap: {
      maxCount: typeof maxCount?.value === 'number' ? maxCount.value : DEFAULT_REVIEW_CAP_COUNT,
      maxBytes: typeof maxBytes?.value === 'number' ? maxBytes.value : DEFAULT_REVIEW_CAP_BYTES,
    },
    gapMs: (typeof gap?.value === 'number' ? gap.value : DEFAULT_REVIEW_SAMPLE_GAP_SECONDS) * 1000,
  };
}

/** True for a station frame that still waits for a label. */
export function inReviewQueue(image: ImageRecord): boolean {
  return !!image.provenance && image.label === null;
}

/** A project's frames kept by the station, labeled or not. */
export async function listStationFrames(db: Db, projectId: string): Promise<ImageRecord[]> {
  // Station frames share one import id, so the index finds them without reading every image.
  const frames = await db.getAllFromIndex('images', 'by-import', STATION_IMPORT_ID);
  return frames.filter((image) => image.projectId === projectId);
}

/** A project's station frames waiting for a label, newest first. */
export async function listReviewQueue(db: Db, projectId: string): Promise<ImageRecord[]> {
  return (await listStationFrames(db, projectId)).filter(inReviewQueue).sort((a, b) => b.addedAt - a.addedAt);
}

/** The image record of a kept frame. */
function reviewImage(frame: ReviewFrame, now: number): ImageRecord {
  const { provenance } = frame;
  const stamp = new Date(provenance.at).toISOString().replace(/[:.]/g, '-');
  const fileName = `station-${stamp}-${provenance.reason}.png`;
  return {
    id: imageId(frame.projectId, frame.sha256),
    projectId: frame.projectId,
    sha256: frame.sha256,
    label: null,
    labelSource: null,
    defectType: null,
    source: 'station',
    originalPath: fileName,
    fileName,
    format: 'png',
    width: frame.width,
    height: frame.height,
    byteSize: frame.original.size,
    capturedAt: provenance.at,
    addedAt: now,
    importId: STATION_IMPORT_ID,
    split: null,
    phash: frame.phash,
    provenance,
  };
}

/**
 * Stores a frame in the review queue in one transaction: the image, its bytes and, when the queue is
 * at its cap (settings `reviewCapCount`, `reviewCapBytes`), the deletion of the oldest automatic
 * samples that make room. An automatic sample that finds no room is refused and nothing changes; an
 * operator's frame is always stored. A frame whose bytes the project already holds is not stored
 * twice; an operator's mark on a queued automatic sample makes it the operator's (never pruned).
 */
export async function storeReviewFrame(db: Db, frame: ReviewFrame, now = Date.now()): Promise<ReviewOutcome> {
  if (frame.original.size === 0) throw new Error('The station frame to keep is empty; nothing was stored.');
  const cap = (await reviewSettings(db)).cap;
  const record = reviewImage(frame, now);
  return writeTransaction(db, ['images', 'blobs'], `the station frame ${record.fileName}`, async (tx) => {
    const images = tx.objectStore('images');
    const existing = await images.get(record.id);
    if (existing) {
      if (frame.provenance.reason === 'operator' && inReviewQueue(existing)) {
        const marked: ImageRecord = { ...existing, provenance: frame.provenance };
        await images.put(marked);
        return { status: 'duplicate', image: marked };
      }
      return { status: 'duplicate', image: existing };
    }
    const frames = await images.index('by-import').getAll(STATION_IMPORT_ID);
    const queued: QueuedFrame[] = frames
      .filter((image) => image.projectId === frame.projectId && inReviewQueue(image))
      .map((image) => ({
        id: image.id,
        reason: image.provenance!.reason,
        bytes: image.byteSize,
        at: image.addedAt,
      }));
    const plan = planReviewCapacity(queued, { reason: frame.provenance.reason, bytes: record.byteSize }, cap);
    if (!plan.accept) return { status: 'refused', reason: plan.refused ?? 'the review queue is full' };
    const blobs = tx.objectStore('blobs');
    await Promise.all([
      ...plan.prune.flatMap((id) => [images.delete(id), blobs.delete(id)]),
      images.put(record),
      blobs.put({ id: record.id, original: frame.original, thumbnail: frame.thumbnail }),
    ]);
    return { status: 'stored', image: record, pruned: plan.prune };
  });
}
