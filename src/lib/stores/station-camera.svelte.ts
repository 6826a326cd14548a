import type { StationCameraChoice } from '../../../workers/lib/db/schema/settings.ts';
import { getSetting, setSetting } from '../../../workers/lib/db/settings-repo.ts';
import { getDb } from './db.ts';
import { constraintsFor } from '../station/camera-constraints.ts';

/** Where the station's camera stands; every state but 'live' shows the operator what to do. */
export type CameraState = 'idle' | 'starting' | 'live' | 'denied' | 'no-camera' | 'unplugged' | 'error';

/** A resolution the operator can ask for; the camera may deliver the nearest it has. */
export interface ResolutionChoice {
  label: string;
  width: number | null;
  height: number | null;
}

/** The resolutions offered; the camera's own default first. */
export const RESOLUTIONS: readonly ResolutionChoice[] = [
  { label: 'Camera default', width: null, height: null },
  { label: '640 × 480', width: 640, height: 480 },
  { label: '1280 × 720', width: 1280, height: 720 },
  { label: '1920 × 1080', width: 1920, height: 1080 },
];

/** How often an unplugged camera is looked for again when the browser sends no devicechange, ms. */
const RETRY_MS = 2000;

const DEFAULT_CHOICE: StationCameraChoice = { deviceId: null, width: null, height: null, torch: false };

/** A camera track's torch support, which the DOM's types do not describe yet. */
interface TorchCapabilities extends MediaTrackCapabilities {
  torch?: boolean;
}

/**
 * The station's camera: opens it with the remembered choice, keeps the screen awake while it runs,
 * notices when it is unplugged and reopens it on its own when it comes back.
 */
class StationCameraStore {
  state = $state<CameraState>('idle');
  /** what went wrong, in words, for the states other than 'live' */
  message = $state<string | null>(null);
  stream = $state.raw<MediaStream | null>(null);
  devices = $state.raw<MediaDeviceInfo[]>([]);
  choice = $state<StationCameraChoice>({ ...DEFAULT_CHOICE });
  torchSupported = $state(false);
  /** the label of the open camera */
  label = $state<string | null>(null);
  /** the screen is held awake */
  awake = $state(false);

  #wakeLock: WakeLockSentinel | null = null;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #loaded = false;
  #wanted = false;
  #opening: Promise<void> | null = null;

  /** Opens the camera and keeps it open (reopening after an unplug) until `stop`. */
  async start(): Promise<void> {
    this.#wanted = true;
    if (!this.#loaded) {
      this.#loaded = true;
      const stored = await getSetting(await getDb(), 'stationCamera');
      if (stored) this.choice = { ...DEFAULT_CHOICE, ...stored };
      navigator.mediaDevices?.addEventListener('devicechange', this.#onDeviceChange);
      document.addEventListener('visibilitychange', this.#onVisibility);
    }
    await this.#open();
  }

  /** Closes the camera and lets the screen sleep. */
  stop(): void {
    this.#wanted = false;
    clearTimeout(this.#retry);
    this.#closeStream();
    void this.#releaseWakeLock();
    this.state = 'idle';
  }

  /** Switches to another camera (null: the environment-facing default) and remembers it. */
  async selectDevice(deviceId: string | null): Promise<void> {
    await this.#remember({ ...this.choice, deviceId });
    await this.#open();
  }

  /** Asks for another resolution and remembers it. */
  async selectResolution(resolution: ResolutionChoice): Promise<void> {
    await this.#remember({ ...this.choice, width: resolution.width, height: resolution.height });
    await this.#open();
  }

  /** Turns the torch on or off where the camera has one, and remembers it. */
  async setTorch(on: boolean): Promise<void> {
    await this.#remember({ ...this.choice, torch: on });
    await this.#applyTorch();
  }

  #remember = async (choice: StationCameraChoice): Promise<void> => {
    this.choice = choice;
    await setSetting(await getDb(), 'stationCamera', $state.snapshot(choice));
  };

  #open(): Promise<void> {
    // One opening at a time: a devicechange during getUserMedia must not open a second stream.
    this.#opening ??= this.#doOpen().finally(() => (this.#opening = null));
    return this.#opening;
  }

  async #doOpen(): Promise<void> {
    clearTimeout(this.#retry);
    this.#closeStream();
    if (!navigator.mediaDevices?.getUserMedia) {
      this.#fail('no-camera', 'This browser gives the page no camera (it needs HTTPS or localhost).');
      return;
    }
    this.state = this.state === 'unplugged' ? 'unplugged' : 'starting';
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: constraintsFor(this.choice),
        audio: false,
      });
    } catch (error) {
      await this.#openFailed(error as Error);
      return;
    }
    if (!this.#wanted) {
      stream.getTracks().forEach((t) => t.stop());
      return;
    }
    const track = stream.getVideoTracks()[0];
    if (!track) {
      stream.getTracks().forEach((t) => t.stop());
      this.#fail('no-camera', 'The camera gave no video.');
      return;
    }
    track.addEventListener('ended', this.#onEnded);
    this.stream = stream;
    this.label = track.label || 'Camera';
    this.torchSupported = !!(track.getCapabilities?.() as TorchCapabilities | undefined)?.torch;
    this.state = 'live';
    this.message = null;
    await this.#applyTorch();
    await this.#acquireWakeLock();
    this.devices = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
  }

  async #openFailed(error: Error): Promise<void> {
    if (!this.#wanted) return;
    if (error.name === 'NotAllowedError' || error.name === 'SecurityError') {
      this.#fail('denied', 'Camera access is blocked for this site.');
      return;
    }
    if (this.choice.deviceId && (error.name === 'NotFoundError' || error.name === 'OverconstrainedError')) {
      // The remembered camera is gone: a camera that is still there beats none, unless it was unplugged.
      if (this.state !== 'unplugged') {
        this.choice = { ...this.choice, deviceId: null };
        await this.#doOpen();
        return;
      }
    }
    if (this.state === 'unplugged') {
      this.#scheduleRetry();
      return;
    }
    if (error.name === 'NotFoundError' || error.name === 'OverconstrainedError') {
      this.#fail('no-camera', 'No camera was found on this device.');
    } else if (error.name === 'NotReadableError' || error.name === 'AbortError') {
      this.#fail(
        'error',
        'The camera is in use by another app or could not start. Close that app and retry.',
      );
      this.#scheduleRetry();
    } else {
      this.#fail('error', `The camera could not start: ${error.message}`);
    }
  }

  #fail(state: CameraState, message: string): void {
    this.state = state;
    this.message = message;
    this.stream = null;
    void this.#releaseWakeLock();
  }

  #scheduleRetry(): void {
    clearTimeout(this.#retry);
    if (this.#wanted) this.#retry = setTimeout(() => void this.#open(), RETRY_MS);
  }

  #onEnded = (): void => {
    if (!this.#wanted) return;
    this.#closeStream();
    this.state = 'unplugged';
    this.message = 'The camera was disconnected. Plug it back in: inspection resumes on its own.';
    void this.#releaseWakeLock();
    this.#scheduleRetry();
  };

  #onDeviceChange = (): void => {
    if (this.#wanted && (this.state === 'unplugged' || this.state === 'no-camera')) void this.#open();
    else
      void navigator.mediaDevices
        .enumerateDevices()
        .then((all) => (this.devices = all.filter((d) => d.kind === 'videoinput')));
  };

  #onVisibility = (): void => {
    // The browser drops a wake lock when the tab is hidden; take it again on return.
    if (document.visibilityState === 'visible' && this.state === 'live') void this.#acquireWakeLock();
  };

  async #applyTorch(): Promise<void> {
    const track = this.stream?.getVideoTracks()[0];
    if (!track || !this.torchSupported) return;
    try {
      await track.applyConstraints({ advanced: [{ torch: this.choice.torch } as MediaTrackConstraintSet] });
    } catch {
      this.torchSupported = false;
    }
  }

  async #acquireWakeLock(): Promise<void> {
    if (!('wakeLock' in navigator) || this.#wakeLock || document.visibilityState !== 'visible') return;
    try {
      this.#wakeLock = await navigator.wakeLock.request('screen');
      this.awake = true;
      this.#wakeLock.addEventListener('release', () => {
        this.#wakeLock = null;
        this.awake = false;
      });
    } catch {
      // Refused (battery saver, no user gesture yet): the station still works, the screen may dim.
      this.awake = false;
    }
  }

  async #releaseWakeLock(): Promise<void> {
    const lock = this.#wakeLock;
    this.#wakeLock = null;
    this.awake = false;
    await lock?.release().catch(() => undefined);
  }

  #closeStream(): void {
    const stream = this.stream;
    this.stream = null;
    stream?.getTracks().forEach((t) => {
      t.removeEventListener('ended', this.#onEnded);
      t.stop();
    });
  }
}

/** The one station camera. */
export const stationCamera = new StationCameraStore();
