import { Workbox } from 'workbox-window';
import { activity } from './activity.svelte.ts';

/** How often an open app asks the host for a new version, ms. */
const UPDATE_CHECK_MS = 60 * 60_000;

/** The service worker's state as the person sees it: offline readiness and waiting updates. */
class PwaStore {
  /** The app shell, wasm binaries and shipped models are cached: the app works offline. */
  offlineReady = $state(false);
  /** A new version is installed and waits for the person to reload. */
  updateWaiting = $state(false);
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  #workbox: Workbox | undefined;

  /** Registers the service worker (production builds only; dev serves modules unbundled). */
  register(): void {
    window.addEventListener('online', () => (this.online = true));
    window.addEventListener('offline', () => (this.online = false));
    if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
    const workbox = new Workbox('/sw.js', { scope: '/' });
    workbox.addEventListener('installed', (event) => {
      if (!event.isUpdate) this.offlineReady = true;
    });
    workbox.addEventListener('activated', (event) => {
      if (!event.isUpdate) this.offlineReady = true;
    });
    // A new worker waits until the person chooses to reload: never switch versions mid-work.
    workbox.addEventListener('waiting', () => (this.updateWaiting = true));
    workbox.addEventListener('controlling', (event) => {
      if (event.isUpdate) window.location.reload();
    });
    this.#workbox = workbox;
    workbox
      .register()
      .then((registration) => {
        if (registration?.active && navigator.serviceWorker.controller) this.offlineReady = true;
        setInterval(() => void this.checkForUpdate(), UPDATE_CHECK_MS);
      })
      .catch((error: unknown) =>
        console.warn('Service worker registration failed; the app will not work offline.', error),
      );
  }

  /** Asks the host whether a new version exists; a found one shows up as `updateWaiting`. */
  async checkForUpdate(): Promise<void> {
    if (this.online) await this.#workbox?.update().catch(() => undefined);
  }

  /** Activates the waiting version and reloads, unless work is running. Returns false when refused. */
  applyUpdate(): boolean {
    if (!this.#workbox || activity.busy) return false;
    this.#workbox.messageSkipWaiting();
    return true;
  }
}

/** The one PWA store. */
export const pwa = new PwaStore();
