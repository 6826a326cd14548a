/** Where the train worker reads the shipped model from, as the backbone a one-class model builds on. */
import type { ModelBundle } from '../../models/bundle.ts';
import { fetchShippedBundle } from '../evaluate/default-model.ts';

let loader: () => Promise<ModelBundle> = () => fetchShippedBundle(new URL('/', self.location.href));

/** The shipped model's bundle: fetched from the app's origin (precached, so offline too). */
export function shippedBundle(): Promise<ModelBundle> {
  return loader();
}

/** Reads the shipped bundle from elsewhere (unit tests read models/default from disk). */
export function setShippedBundleLoader(load: () => Promise<ModelBundle>): void {
  loader = load;
}
