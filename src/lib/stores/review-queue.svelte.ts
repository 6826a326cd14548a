import type { ImageRecord } from '../../../workers/lib/db/schema/images.ts';
import { inReviewQueue } from '../../../workers/lib/db/review-repo.ts';
import { images } from './images.svelte.ts';
import { labeling } from './labeling.svelte.ts';

/**
 * The review queue of the labeling workspace: station frames (marked wrong by the operator, or sampled
 * as uncertain or out of domain) that wait for a label. Labeling goes through the labeling store, so
 * it is one undoable action like any other label.
 */
class ReviewQueueStore {
  /** the frames waiting, newest first */
  get items(): ImageRecord[] {
    return images.all.filter(inReviewQueue).sort((a, b) => b.addedAt - a.addedAt);
  }

  /** frames waiting */
  get count(): number {
    let n = 0;
    for (const image of images.all) if (inReviewQueue(image)) n++;
    return n;
  }

  /** Rereads the project's images: the station stores frames while the workspace is away. */
  async refresh(projectId: string): Promise<void> {
    await images.load(projectId);
  }

  /** Labels one queued frame; it leaves the queue and joins the next snapshot like any labeled image. */
  async label(imageId: string, label: string): Promise<void> {
    await labeling.enqueue(() => labeling.relabel(imageId, label));
  }

  /** Reverts the last label action (of the queue or the workspace). */
  async undo(): Promise<void> {
    await labeling.enqueue(() => labeling.undo());
  }
}

/** The one review queue. */
export const reviewQueue = new ReviewQueueStore();
