import { probeBackends } from '../bridges/infer-bridge.ts';
import { getSetting, setSetting } from '../../../workers/lib/db/settings-repo.ts';
import type { BackendPreference, BackendProbe, BackendReport } from '../../../workers/tf/backend-types.ts';
import { activity } from './activity.svelte.ts';
import { getDb } from './db.ts';

/** Backend probe results and the user's backend preference. */
class DiagnosticsStore {
  report = $state.raw<BackendReport | undefined>(undefined);
  /** Probes finished so far in the running probe. */
  partial = $state.raw<BackendProbe[]>([]);
  running = $state(false);
  preference = $state<BackendPreference>('auto');
  #controller: AbortController | undefined;

  async loadPreference(): Promise<void> {
    const stored = await getSetting(await getDb(), 'backendPreference');
    if (stored) this.preference = stored;
  }

  async setPreference(preference: BackendPreference): Promise<void> {
    this.preference = preference;
    await setSetting(await getDb(), 'backendPreference', preference);
  }

  /** Probes every backend in the infer worker; resolves with the report. */
  async run(): Promise<BackendReport> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.running = true;
    this.partial = [];
    try {
      const report = await activity.track('backend probe', () =>
        probeBackends(this.preference, {
          signal: controller.signal,
          onProgress: ({ probe }) => (this.partial = [...this.partial, probe]),
        }),
      );
      this.report = report;
      return report;
    } finally {
      if (this.#controller === controller) this.running = false;
    }
  }

  cancel(): void {
    this.#controller?.abort();
    this.running = false;
  }
}

/** The one diagnostics store. */
export const diagnostics = new DiagnosticsStore();
