import type { Db } from '../lib/db/open-db.ts';
import { StorageFullError } from '../lib/db/errors.ts';
import { newId } from '../lib/db/projects-repo.ts';
import {
  findResumableImport,
  hashLabels,
  imageId,
  saveImport,
  writeImageBatch,
} from '../lib/db/images-repo.ts';
import { applyLabelChanges, applySplits } from '../lib/db/labels-repo.ts';
import type { ImageBlobs, ImageRecord, ImageSource, LabelSource } from '../lib/db/schema/images.ts';
import type { ImportRecord } from '../lib/db/schema/imports.ts';
import type { Split } from '../lib/splits/split.ts';
import { planBatch } from '../lib/ingest/dedup.ts';
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from '../lib/ingest/limits.ts';
import { decodeWithThumbnail, DecodeError } from './decode.ts';
import type { FolderLabel, IngestProgress, IngestReport } from './ingest-types.ts';
import { MIME, validateCandidate, type Candidate } from './validate-candidate.ts';

/** Re-exported so the sources need only this module. */
export type { Candidate } from './validate-candidate.ts';

/** Images per write transaction. */
const BATCH_IMAGES = 32;
/** Original bytes per write transaction, so huge images do not pile up in memory. */
const BATCH_BYTES = 24 * 1024 * 1024;
/** Least time between two progress reports, ms. */
const PROGRESS_EVERY_MS = 100;

/**
 * One import: checks, deduplicates and stores candidates in batches of one transaction each, and
 * records its progress so an interrupted import resumes where it stopped.
 */
export class IngestJob {
  readonly #db: Db;
  readonly #job: ImportRecord;
  readonly #limits: IngestLimits;
  readonly #known: Map<string, { label: string | null; id: string | null }>;
  readonly #done: Set<string>;
  #images: ImageRecord[] = [];
  #blobs: ImageBlobs[] = [];
  #pendingKeys: string[] = [];
  #batchBytes = 0;
  #labelUpdates: Array<{ id: string; label: string; labelSource: LabelSource }> = [];
  #labeled = 0;
  #resumedSkipped = 0;
  readonly #folderLabels = new Map<string, FolderLabel>();
  #started = performance.now();
  #lastProgress = 0;
  #processed = 0;
  #stoppedReason: string | null = null;
  /** the job's counts when this run started: a resumed job reports only what this run did */
  readonly #baseline: { accepted: number; duplicates: number; rejected: number; conflicts: number };
  total: number | null = null;

  private constructor(
    db: Db,
    job: ImportRecord,
    known: Map<string, { label: string | null; id: string | null }>,
    limits: IngestLimits,
  ) {
    this.#db = db;
    this.#job = job;
    this.#limits = limits;
    this.#known = known;
    this.#done = new Set(job.doneKeys);
    this.#baseline = { ...job.counts, rejected: job.rejected.length, conflicts: job.conflicts.length };
  }

  /** Starts an import, or resumes the unfinished one with the same title. */
  static async start(
    db: Db,
    options: { projectId: string; source: ImageSource; title: string; limits?: Partial<IngestLimits> },
  ): Promise<IngestJob> {
    const { projectId, source, title } = options;
    const previous = await findResumableImport(db, projectId, title);
    const job: ImportRecord = previous
      ? { ...previous, status: 'running' }
      : {
          id: newId('imp'),
          projectId,
          source,
          title,
          status: 'running',
          startedAt: Date.now(),
          finishedAt: null,
          doneKeys: [],
          counts: { accepted: 0, duplicates: 0, rejected: 0, conflicts: 0 },
          rejected: [],
          conflicts: [],
        };
    await saveImport(db, job);
    const hashes = await hashLabels(db, projectId);
    const known = new Map(
      [...hashes].map(([hash, v]) => [hash, { label: v.label, id: imageId(projectId, hash) }]),
    );
    return new IngestJob(db, job, known, { ...DEFAULT_INGEST_LIMITS, ...options.limits });
  }

  get id(): string {
    return this.#job.id;
  }

  /** True once the import stopped early (a full disk); later candidates are ignored. */
  get stopped(): boolean {
    return this.#stoppedReason !== null;
  }

  /** Counts an image whose label came from a folder, for the report. */
  noteFolderLabel(folder: string, label: string): void {
    const key = `${folder}\u0000${label}`;
    const seen = this.#folderLabels.get(key);
    if (seen) seen.images++;
    else this.#folderLabels.set(key, { folder, label, images: 1 });
  }

  /** Records a file that was refused before it became a candidate (e.g. a zip entry). */
  reject(file: string, reason: string, key = file): void {
    if (this.#done.has(key)) return;
    this.#job.rejected.push({ file, reason });
    this.#job.counts.rejected++;
    this.#markDone(key);
  }

  /** Checks, deduplicates and queues one candidate, flushing a full batch. */
  async add(candidate: Candidate, onProgress?: (p: IngestProgress) => void): Promise<void> {
    if (this.stopped) return;
    if (this.#done.has(candidate.key)) {
      this.#resumedSkipped++;
      return;
    }
    const verdict = await this.#check(candidate);
    if (verdict) this.reject(candidate.path, verdict, candidate.key);
    if (this.#images.length >= BATCH_IMAGES || this.#batchBytes >= BATCH_BYTES) await this.flush();
    this.#report(candidate.path, onProgress);
  }

  /**
   * Writes the queued batch and the job's progress in one transaction. Labels that duplicates gave
   * to stored images are written first: a duplicate only counts as done once its label landed.
   */
  async flush(): Promise<void> {
    if (this.stopped) return;
    const job = { ...this.#job, doneKeys: [...this.#done, ...this.#pendingKeys] };
    try {
      if (this.#labelUpdates.length) await this.applyLabels(this.#labelUpdates.splice(0));
      await writeImageBatch(this.#db, { images: this.#images, blobs: this.#blobs, job });
    } catch (error) {
      if (!(error instanceof StorageFullError)) throw error;
      // The batch rolled back whole; what landed before stays, and its files are not marked done.
      this.#stoppedReason = error.message;
      for (const image of this.#images) this.#known.delete(image.sha256);
      this.#job.counts.accepted -= this.#images.length;
      this.#images = [];
      this.#blobs = [];
      this.#pendingKeys = [];
      return;
    }
    for (const key of this.#pendingKeys) this.#done.add(key);
    this.#job.doneKeys = [...this.#done];
    this.#images = [];
    this.#blobs = [];
    this.#pendingKeys = [];
    this.#batchBytes = 0;
  }

  /** Labels images already stored (Label Studio, manifests), recording each change; counts the changed ones. */
  async applyLabels(
    updates: Array<{ id: string; label: string; labelSource: LabelSource }>,
  ): Promise<number> {
    const bySource = new Map<LabelSource, Array<{ imageId: string; to: string }>>();
    for (const u of updates) {
      const list = bySource.get(u.labelSource) ?? [];
      list.push({ imageId: u.id, to: u.label });
      bySource.set(u.labelSource, list);
    }
    let changed = 0;
    for (const [source, changes] of bySource)
      changed += (await applyLabelChanges(this.#db, this.#job.projectId, changes, source)).length;
    this.#labeled += changed;
    return changed;
  }

  /** Restores splits recorded in an export's manifest. */
  async applySplits(splits: ReadonlyMap<string, Split>): Promise<number> {
    return applySplits(this.#db, splits);
  }

  /** The project the job imports into. */
  get projectId(): string {
    return this.#job.projectId;
  }

  /** Flushes, records the final status and returns the report. */
  async finish(status: 'done' | 'cancelled'): Promise<IngestReport> {
    await this.flush();
    const finalStatus = this.stopped ? 'failed' : status;
    Object.assign(this.#job, { status: finalStatus, finishedAt: Date.now(), doneKeys: [...this.#done] });
    await saveImport(this.#db, this.#job).catch(() => undefined);
    const elapsedMs = performance.now() - this.#started;
    const handled = this.#processed;
    return {
      importId: this.#job.id,
      title: this.#job.title,
      source: this.#job.source,
      status: finalStatus,
      accepted: this.#job.counts.accepted - this.#baseline.accepted,
      duplicates: this.#job.counts.duplicates - this.#baseline.duplicates,
      rejected: this.#job.rejected.slice(this.#baseline.rejected),
      conflicts: this.#job.conflicts.slice(this.#baseline.conflicts),
      labeled: this.#labeled,
      resumedSkipped: this.#resumedSkipped,
      folderLabels: [...this.#folderLabels.values()],
      elapsedMs,
      imagesPerSecond: handled / Math.max(elapsedMs / 1000, 1e-3),
      stoppedReason: this.#stoppedReason,
    };
  }

  /** Returns a rejection reason, or null when the candidate was queued or counted as a duplicate. */
  async #check(candidate: Candidate): Promise<string | null> {
    const valid = await validateCandidate(candidate, this.#limits);
    if ('reason' in valid) return valid.reason;
    const { bytes, format, sha256 } = valid;
    // Every image stored so far (before and during this job) counts as existing.
    const plan = planBatch(this.#known, [{ key: candidate.key, sha256, label: candidate.label }]);
    if (plan.conflicts[0] || plan.duplicates[0])
      return this.#duplicate(candidate, sha256, plan.conflicts[0], plan.duplicates[0]);
    let decoded;
    try {
      decoded = await decodeWithThumbnail(bytes, MIME[format]);
    } catch (error) {
      if (error instanceof DecodeError) return error.message;
      throw error;
    }
    const id = imageId(this.#job.projectId, sha256);
    this.#known.set(sha256, { label: candidate.label, id });
    this.#images.push({
      id,
      projectId: this.#job.projectId,
      sha256,
      label: candidate.label,
      labelSource: candidate.label === null ? null : candidate.labelSource,
      defectType: candidate.defectType,
      source: this.#job.source,
      originalPath: candidate.path,
      fileName: candidate.fileName,
      format,
      width: decoded.width,
      height: decoded.height,
      byteSize: bytes.length,
      capturedAt: candidate.capturedAt,
      addedAt: Date.now(),
      importId: this.#job.id,
      split: null,
      phash: decoded.phash,
    });
    this.#blobs.push({
      id,
      original: new Blob([bytes], { type: MIME[format] }),
      thumbnail: decoded.thumbnail,
    });
    this.#batchBytes += bytes.length;
    this.#job.counts.accepted++;
    this.#markDone(candidate.key);
    return null;
  }

  #duplicate(
    candidate: Candidate,
    sha256: string,
    conflict: { otherLabel: string } | undefined,
    duplicate: { adoptLabel: string | null } | undefined,
  ): null {
    if (conflict) {
      this.#job.conflicts.push({
        file: candidate.path,
        existingLabel: conflict.otherLabel,
        newLabel: candidate.label ?? '',
      });
      this.#job.counts.conflicts++;
    } else if (duplicate) {
      this.#job.counts.duplicates++;
      const known = this.#known.get(sha256);
      if (duplicate.adoptLabel !== null && known?.id) {
        // The stored copy was unlabeled: this copy's label is the information it brings.
        const labelSource = candidate.labelSource ?? 'imported';
        const queued = this.#images.find((image) => image.id === known.id);
        if (queued) Object.assign(queued, { label: duplicate.adoptLabel, labelSource });
        else this.#labelUpdates.push({ id: known.id, label: duplicate.adoptLabel, labelSource });
        known.label = duplicate.adoptLabel;
      }
    }
    this.#markDone(candidate.key);
    return null;
  }

  #markDone(key: string): void {
    this.#processed++;
    this.#pendingKeys.push(key);
  }

  #report(current: string, onProgress?: (p: IngestProgress) => void): void {
    const now = performance.now();
    if (!onProgress || now - this.#lastProgress < PROGRESS_EVERY_MS) return;
    this.#lastProgress = now;
    onProgress({
      processed: this.#processed + this.#resumedSkipped,
      total: this.total,
      counts: { ...this.#job.counts },
      imagesPerSecond: this.#processed / Math.max((now - this.#started) / 1000, 1e-3),
      current,
    });
  }
}
