import type { ImageRecord } from '../../../workers/lib/db/schema/images.ts';
import { deleteImages, getImageBlobs, listImages } from '../../../workers/lib/db/images-repo.ts';
import { getDb } from './db.ts';

/** Filters of the data browser; null means "any". */
export interface ImageFilters {
  label: string | null;
  source: string | null;
  defectType: string | null;
  split: string | null;
  /** only images without a label */
  unlabeled: boolean;
}

/** Images of the open project (metadata only) and the browser's filters. */
class ImagesStore {
  all = $state.raw<ImageRecord[]>([]);
  projectId = $state<string | undefined>(undefined);
  filters = $state<ImageFilters>({
    label: null,
    source: null,
    defectType: null,
    split: null,
    unlabeled: false,
  });
  #thumbUrls = new Map<string, string>();

  /** Images that pass the filters, newest first. */
  get filtered(): ImageRecord[] {
    const { label, source, defectType, split, unlabeled } = this.filters;
    return this.all.filter(
      (i) =>
        (!unlabeled || i.label === null) &&
        (label === null || i.label === label) &&
        (source === null || i.source === source) &&
        (defectType === null || i.defectType === defectType) &&
        (split === null || (split === 'none' ? !i.split : i.split === split)),
    );
  }

  /** Count of images per label; unlabeled under the key "". */
  get countsByLabel(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const image of this.all) counts.set(image.label ?? '', (counts.get(image.label ?? '') ?? 0) + 1);
    return counts;
  }

  /** Distinct values of a field, for filter menus. */
  values(field: 'source' | 'defectType'): string[] {
    return [...new Set(this.all.map((i) => i[field]).filter((v): v is string => v !== null))].sort();
  }

  /** Loads the project's image metadata. */
  async load(projectId: string): Promise<void> {
    if (projectId !== this.projectId) this.#revokeAll();
    const images = await listImages(await getDb(), projectId);
    this.projectId = projectId;
    this.all = images.sort((a, b) => b.addedAt - a.addedAt || a.fileName.localeCompare(b.fileName));
  }

  /** An object URL for an image's thumbnail, cached until the project changes. */
  async thumbnailUrl(id: string): Promise<string | undefined> {
    const cached = this.#thumbUrls.get(id);
    if (cached) return cached;
    const blobs = await getImageBlobs(await getDb(), id);
    if (!blobs) return undefined;
    const url = URL.createObjectURL(blobs.thumbnail);
    this.#thumbUrls.set(id, url);
    return url;
  }

  /**
   * Loads an image's full-resolution original as an object URL and hands it to `onUrl`; the returned
   * cleanup (an $effect's return value) revokes it, also when it arrives after the view closed.
   */
  watchOriginal(id: string, onUrl: (url: string | undefined) => void): () => void {
    let live = true;
    let created: string | undefined;
    void getDb()
      .then((db) => getImageBlobs(db, id))
      .then((blobs) => {
        if (!blobs) return onUrl(undefined);
        created = URL.createObjectURL(blobs.original);
        if (live) onUrl(created);
        else URL.revokeObjectURL(created);
      });
    return () => {
      live = false;
      if (created) URL.revokeObjectURL(created);
    };
  }

  /** Replaces changed records in memory after a write, without reloading everything. */
  patch(changed: ReadonlyMap<string, Partial<ImageRecord>>): void {
    if (!changed.size) return;
    this.all = this.all.map((image) => {
      const update = changed.get(image.id);
      return update ? { ...image, ...update } : image;
    });
  }

  async remove(ids: string[]): Promise<void> {
    await deleteImages(await getDb(), ids);
    for (const id of ids) {
      const url = this.#thumbUrls.get(id);
      if (url) URL.revokeObjectURL(url);
      this.#thumbUrls.delete(id);
    }
    const gone = new Set(ids);
    this.all = this.all.filter((i) => !gone.has(i.id));
  }

  #revokeAll(): void {
    for (const url of this.#thumbUrls.values()) URL.revokeObjectURL(url);
    this.#thumbUrls.clear();
  }
}

/** The one images store. */
export const images = new ImagesStore();
