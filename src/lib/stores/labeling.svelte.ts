import { applyLabelChanges, type LabelChange } from '../../../workers/lib/db/labels-repo.ts';
import type { ImageRecord } from '../../../workers/lib/db/schema/images.ts';
import type { LabelEvent } from '../../../workers/lib/db/schema/label-events.ts';
import { getDb } from './db.ts';
import { images } from './images.svelte.ts';
import { projects } from './projects.svelte.ts';

/** Most label actions kept for undo. */
const UNDO_DEPTH = 200;

/** The labeling workspace: cursor, selection and undo/redo over label actions. */
class LabelingStore {
  /** index of the focused image in the filtered list */
  cursor = $state(0);
  selected = $state.raw<ReadonlySet<string>>(new Set());
  mode = $state<'grid' | 'single'>('grid');
  undoStack = $state.raw<LabelEvent[][]>([]);
  redoStack = $state.raw<LabelEvent[][]>([]);
  #anchor: number | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  /**
   * Runs actions strictly one after another, so fast typing never labels an image twice or moves
   * the cursor before the previous label landed.
   */
  enqueue<T>(action: () => T | Promise<T>): Promise<T> {
    const next = this.#queue.then(action);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** The focused image, if any. */
  get current(): ImageRecord | undefined {
    const list = images.filtered;
    return list[Math.min(this.cursor, list.length - 1)];
  }

  /** Moves the cursor by `delta` images, clamped to the filtered list. */
  move(delta: number): void {
    const last = images.filtered.length - 1;
    this.cursor = Math.max(0, Math.min(last, this.cursor + delta));
  }

  /** Click semantics of file managers: plain click focuses, ctrl toggles, shift selects a range. */
  click(index: number, modifiers: { shift: boolean; toggle: boolean }): void {
    const list = images.filtered;
    const image = list[index];
    if (!image) return;
    if (modifiers.shift && this.#anchor !== undefined) {
      const [from, to] = [Math.min(this.#anchor, index), Math.max(this.#anchor, index)];
      const next = new Set(this.selected);
      for (let i = from; i <= to; i++) next.add(list[i]!.id);
      this.selected = next;
    } else if (modifiers.toggle) {
      const next = new Set(this.selected);
      if (next.has(image.id)) next.delete(image.id);
      else next.add(image.id);
      this.selected = next;
      this.#anchor = index;
    } else {
      this.#anchor = index;
    }
    this.cursor = index;
  }

  /** Toggles the focused image in the selection. */
  toggleCurrent(): void {
    this.click(this.cursor, { shift: false, toggle: true });
  }

  selectAllFiltered(): void {
    this.selected = new Set(images.filtered.map((i) => i.id));
  }

  clearSelection(): void {
    this.selected = new Set();
    this.#anchor = undefined;
  }

  /**
   * Labels the selection (or the focused image when nothing is selected) in one transaction, as one
   * undoable action. Without a selection the cursor then moves on to the next image.
   */
  async assign(label: string | null): Promise<number> {
    const ids = this.selected.size ? [...this.selected] : this.current ? [this.current.id] : [];
    if (!ids.length) return 0;
    const focused = this.current?.id;
    const events = await this.#apply(ids.map((imageId) => ({ imageId, to: label })));
    if (events.length) {
      this.undoStack = [...this.undoStack.slice(-UNDO_DEPTH + 1), events];
      this.redoStack = [];
    }
    if (this.selected.size) this.clearSelection();
    else this.#advanceFrom(focused);
    return events.length;
  }

  /** Labels one image from elsewhere in the app (e.g. the Evaluate gallery), as one undoable action. */
  async relabel(imageId: string, label: string): Promise<number> {
    const events = await this.#apply([{ imageId, to: label }]);
    if (events.length) {
      this.undoStack = [...this.undoStack.slice(-UNDO_DEPTH + 1), events];
      this.redoStack = [];
    }
    return events.length;
  }

  /** Reverts the last label action. */
  async undo(): Promise<boolean> {
    const batch = this.undoStack.at(-1);
    if (!batch) return false;
    this.undoStack = this.undoStack.slice(0, -1);
    await this.#apply(batch.map((e) => ({ imageId: e.imageId, to: e.from })));
    this.redoStack = [...this.redoStack, batch];
    return true;
  }

  /** Re-applies the last undone action. */
  async redo(): Promise<boolean> {
    const batch = this.redoStack.at(-1);
    if (!batch) return false;
    this.redoStack = this.redoStack.slice(0, -1);
    await this.#apply(batch.map((e) => ({ imageId: e.imageId, to: e.to })));
    this.undoStack = [...this.undoStack, batch];
    return true;
  }

  /** Forgets the undo history (another project was opened). */
  reset(): void {
    this.undoStack = [];
    this.redoStack = [];
    this.cursor = 0;
    this.clearSelection();
  }

  async #apply(changes: LabelChange[]): Promise<LabelEvent[]> {
    const project = projects.current;
    if (!project) throw new Error('Open a project before labeling.');
    const events = await applyLabelChanges(await getDb(), project.id, changes, 'manual');
    const at = events[0]?.at ?? Date.now();
    images.patch(
      new Map(
        events.map((e) => [
          e.imageId,
          { label: e.to, labelSource: e.to === null ? null : 'manual', labeledAt: at, previousLabel: e.from },
        ]),
      ),
    );
    return events;
  }

  /** After labeling one image, focus the next one (or stay if the filter removed the labeled one). */
  #advanceFrom(id: string | undefined): void {
    const list = images.filtered;
    const index = list.findIndex((i) => i.id === id);
    if (index >= 0) this.cursor = Math.min(list.length - 1, index + 1);
    else this.cursor = Math.min(this.cursor, Math.max(0, list.length - 1));
  }
}

/** The one labeling store. */
export const labeling = new LabelingStore();
