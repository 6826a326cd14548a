import type { ModelVersionRecord } from '../../../workers/lib/db/schema/registry.ts';
import type { ShadowMode } from '../../../workers/lib/db/schema/settings.ts';
import { getDeployment } from '../../../workers/lib/db/deployments-repo.ts';
import { getModel, versionId } from '../../../workers/lib/db/registry-repo.ts';
import { getSetting, setSetting } from '../../../workers/lib/db/settings-repo.ts';
import { getThumb, listInspections } from '../../../workers/lib/db/inspections-repo.ts';
import type { InspectionRecord } from '../../../workers/lib/db/schema/station.ts';
import { DEFAULT_MODEL_NAME } from '../../../workers/evaluate/default-model.ts';
import { loadStation } from '../bridges/station-bridge.ts';
import { inferBridge } from '../bridges/infer-bridge.ts';
import { registry } from './registry.svelte.ts';
import { deployment } from './deployment.svelte.ts';
import { getDb } from './db.ts';

/** The champion the station runs and the challenger of its registered model, as stored now. */
export interface ShadowPair {
  /** the version the station runs (the shipped default's registered version when nothing is deployed) */
  champion: ModelVersionRecord | null;
  /** the version the champion's challenger alias points at; null without one, or when it is the champion */
  challenger: ModelVersionRecord | null;
}

/**
 * Verdict rows the panel reads itself at most when it is given neither rows nor a summary: the newest
 * of the window. A day of continuous inspection holds far more; a report made in a worker should pass
 * its summary instead.
 */
export const SHADOW_MAX_ROWS = 5000;

/** Thumbnails of disagreements kept at most, so a long window cannot hold every one in memory. */
const MAX_THUMBS = 48;

/**
 * The Monitor's shadow panel: which challenger runs beside the station's champion, shadow mode, the
 * thumbnails of the frames they disagree on, and promoting the challenger through the registry's gate
 * and deploying it on this station in one action.
 */
class ShadowStore {
  pair = $state.raw<ShadowPair>({ champion: null, challenger: null });
  mode = $state<ShadowMode>('auto');
  /** object URLs of disagreement thumbnails by inspection seq */
  thumbs = $state.raw<ReadonlyMap<number, string>>(new Map());
  busy = $state(false);
  /** what the last promotion from the panel did, in words; null before one */
  promoted = $state<string | null>(null);
  /** the window's newest verdict rows, when the panel reads them itself */
  windowRows = $state.raw<InspectionRecord[]>([]);

  #projectId: string | null = null;

  /** Reads the project's champion, its challenger and shadow mode. */
  async open(projectId: string): Promise<void> {
    if (this.#projectId !== projectId) {
      this.#release();
      this.promoted = null;
    }
    this.#projectId = projectId;
    const db = await getDb();
    const deployed = (await getDeployment(db, projectId))?.current?.versionId;
    const champion =
      (await db.get('modelVersions', deployed ?? versionId(projectId, DEFAULT_MODEL_NAME, 1))) ?? null;
    let challenger: ModelVersionRecord | null = null;
    const aliased = champion ? (await getModel(db, projectId, champion.name))?.aliases.challenger : undefined;
    if (champion && aliased !== undefined && aliased !== champion.version)
      challenger = (await db.get('modelVersions', versionId(projectId, champion.name, aliased))) ?? null;
    const mode = (await getSetting(db, 'shadowMode')) ?? 'auto';
    if (this.#projectId !== projectId) return;
    this.pair = { champion, challenger };
    this.mode = mode;
  }

  /** Reads the newest verdict rows (at most SHADOW_MAX_ROWS) logged from `from` to `to`, ms since epoch. */
  async loadWindow(projectId: string, from: number, to: number): Promise<void> {
    const rows = await listInspections(await getDb(), projectId, {
      since: from,
      until: to + 1,
      limit: SHADOW_MAX_ROWS,
      kinds: ['verdict'],
    });
    if (this.#projectId === projectId) this.windowRows = rows;
  }

  /** Loads the thumbnails of these inspection rows (newest first), releasing those no longer asked for. */
  async showThumbs(seqs: readonly number[]): Promise<void> {
    const wanted = seqs.slice(0, MAX_THUMBS);
    const db = await getDb();
    const next = new Map<number, string>();
    for (const seq of wanted) {
      const known = this.thumbs.get(seq);
      if (known) {
        next.set(seq, known);
        continue;
      }
      const blob = await getThumb(db, seq);
      if (blob) next.set(seq, URL.createObjectURL(blob));
    }
    for (const [seq, url] of this.thumbs) if (!next.has(seq)) URL.revokeObjectURL(url);
    this.thumbs = next;
  }

  /**
   * Turns shadow mode on ('auto') or off. A running station picks the change up at once: its model is
   * loaded again, which loads or drops the challenger beside the same champion.
   */
  async setMode(mode: ShadowMode): Promise<void> {
    await setSetting(await getDb(), 'shadowMode', mode);
    this.mode = mode;
    if (this.#projectId && inferBridge.started) await loadStation(this.#projectId);
  }

  /**
   * Promotes the challenger to champion through the registry's gate (a version that did not pass it
   * needs `override` and a reason, as in the Registry) and then deploys it on this station, so the
   * next frame is judged by it. A refused promotion deploys nothing.
   */
  async promote(reason: string, override: boolean): Promise<ModelVersionRecord> {
    const projectId = this.#projectId;
    const challenger = this.pair.challenger;
    if (!projectId || !challenger)
      throw new Error('There is no challenger to promote: open the Monitor again.');
    this.busy = true;
    try {
      // An override keeps the reason its person gave (the registry refuses one without); a gated promotion may go without.
      const champion = this.pair.champion;
      const why =
        reason.trim() ||
        (override ? '' : `Promoted from shadow after running beside ${champion?.name}@${champion?.version}`);
      await registry.promote(challenger.name, challenger.version, 'champion', why, override);
      await deployment.deploy(challenger.id, why);
      this.promoted = `${challenger.name}@${challenger.version} is champion and runs on this station now.`;
      await this.open(projectId);
      return challenger;
    } finally {
      this.busy = false;
    }
  }

  /** Forgets the project's thumbnails. */
  close(): void {
    this.#release();
    this.windowRows = [];
    this.#projectId = null;
  }

  #release(): void {
    for (const url of this.thumbs.values()) URL.revokeObjectURL(url);
    this.thumbs = new Map();
  }
}

/** The one shadow panel store. */
export const shadowPanel = new ShadowStore();
