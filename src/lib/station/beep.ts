/** The NG alert tone: short and high enough to cut through machine noise. */
const TONE_HZ = 1760;
/** How long the tone sounds, s. */
const TONE_S = 0.18;

let context: AudioContext | undefined;

/**
 * Sounds the NG alert through WebAudio. Browsers keep audio suspended until a user gesture, so the
 * first call may stay silent until the operator has touched the screen once; `unlockBeep` on a tap helps.
 */
export function beep(): void {
  const ctx = audio();
  if (!ctx) return;
  if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  const now = ctx.currentTime;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = 'square';
  osc.frequency.value = TONE_HZ;
  // A quick attack and release: no click at either end.
  gain.gain.setValueAtTime(0, now);
  gain.gain.linearRampToValueAtTime(0.25, now + 0.01);
  gain.gain.setValueAtTime(0.25, now + TONE_S - 0.03);
  gain.gain.linearRampToValueAtTime(0, now + TONE_S);
  osc.connect(gain).connect(ctx.destination);
  osc.start(now);
  osc.stop(now + TONE_S);
  osc.onended = () => gain.disconnect();
}

/** Resumes the audio context inside a user gesture so later alerts can sound. */
export function unlockBeep(): void {
  const ctx = audio();
  if (ctx?.state === 'suspended') void ctx.resume().catch(() => undefined);
}

function audio(): AudioContext | undefined {
  if (typeof AudioContext === 'undefined') return undefined;
  context ??= new AudioContext();
  return context;
}
