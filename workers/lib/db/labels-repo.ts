import type { Db } from './open-db.ts';
import { writeTransaction } from './open-db.ts';
import { newId } from './projects-repo.ts';
import type { ImageRecord, LabelSource } from './schema/images.ts';
import type { LabelEvent } from './schema/label-events.ts';
import type { Split } from '../splits/split.ts';

/** One requested label change. */
export interface LabelChange {
  imageId: string;
  to: string | null;
}

/**
 * Applies label changes and records one event per changed image, all in one transaction; images
 * whose label already equals the target are left alone. Returns the events written (one batch).
 */
export async function applyLabelChanges(
  db: Db,
  projectId: string,
  changes: readonly LabelChange[],
  source: LabelSource,
  now = Date.now(),
): Promise<LabelEvent[]> {
  const batchId = newId('lbl');
  return writeTransaction(db, ['images', 'labelEvents'], `${changes.length} label changes`, async (tx) => {
    const images = tx.objectStore('images');
    const current = await Promise.all(changes.map((c) => images.get(c.imageId)));
    const events: LabelEvent[] = [];
    const writes: Promise<unknown>[] = [];
    changes.forEach((change, i) => {
      const image = current[i];
      if (!image || image.projectId !== projectId || image.label === change.to) return;
      const event: LabelEvent = {
        projectId,
        imageId: image.id,
        from: image.label,
        to: change.to,
        source,
        at: now,
        batchId,
      };
      events.push(event);
      const next: ImageRecord = {
        ...image,
        label: change.to,
        labelSource: change.to === null ? null : source,
        labeledAt: now,
        previousLabel: image.label,
      };
      writes.push(images.put(next), tx.objectStore('labelEvents').add(event));
    });
    await Promise.all(writes);
    return events;
  });
}

/** The label history of one image, oldest first. */
export function labelHistory(db: Db, imageId: string): Promise<LabelEvent[]> {
  return db.getAllFromIndex('labelEvents', 'by-image', imageId);
}

/** Sets splits in one transaction (a re-split writes every changed image at once). */
export async function applySplits(db: Db, splits: ReadonlyMap<string, Split | null>): Promise<number> {
  return writeTransaction(db, ['images'], `the splits of ${splits.size} images`, async (tx) => {
    const store = tx.objectStore('images');
    const ids = [...splits.keys()];
    const current = await Promise.all(ids.map((id) => store.get(id)));
    const writes: Promise<unknown>[] = [];
    current.forEach((image, i) => {
      const split = splits.get(ids[i]!) ?? null;
      if (image && (image.split ?? null) !== split) writes.push(store.put({ ...image, split }));
    });
    await Promise.all(writes);
    return writes.length;
  });
}

/**
 * Renames class `from` to `to` in the project's scope and relabels its images, in one transaction.
 * When `to` is already a class, the two are merged: `from` disappears from the scope. Every
 * relabeled image gets a 'class-rename' event, so the change is recorded and can be traced.
 */
export async function renameClass(
  db: Db,
  projectId: string,
  from: string,
  to: string,
  now = Date.now(),
): Promise<{ relabeled: number; merged: boolean }> {
  const target = to.trim();
  if (!target) throw new Error('The new class name cannot be empty.');
  const batchId = newId('cls');
  return writeTransaction(
    db,
    ['projects', 'images', 'labelEvents'],
    `the class change "${from}" → "${target}"`,
    async (tx) => {
      const project = await tx.objectStore('projects').get(projectId);
      if (!project) throw new Error('The project no longer exists.');
      const classes = project.scope.classes;
      if (!classes.includes(from)) throw new Error(`"${from}" is not a class of this project.`);
      const merged = classes.includes(target);
      const nextClasses = merged
        ? classes.filter((c) => c !== from)
        : classes.map((c) => (c === from ? target : c));
      if (nextClasses.length < 2)
        throw new Error('A project needs at least two classes; add one before merging.');
      const writes: Promise<unknown>[] = [
        tx
          .objectStore('projects')
          .put({ ...project, scope: { ...project.scope, classes: nextClasses }, updatedAt: now }),
      ];
      const images = await tx.objectStore('images').index('by-project').getAll(projectId);
      let relabeled = 0;
      for (const image of images) {
        if (image.label !== from) continue;
        relabeled++;
        writes.push(
          tx.objectStore('images').put({
            ...image,
            label: target,
            labelSource: 'class-rename',
            labeledAt: now,
            previousLabel: from,
          }),
          tx.objectStore('labelEvents').add({
            projectId,
            imageId: image.id,
            from,
            to: target,
            source: 'class-rename',
            at: now,
            batchId,
          }),
        );
      }
      await Promise.all(writes);
      return { relabeled, merged };
    },
  );
}
