/**
 * Crash safety: the browser is SIGKILLed (no clean close) at seeded moments while it imports 1,000
 * images, applies label batches and takes snapshots; the same profile is reopened after every kill.
 * After each kill nothing stored is lost or half-written, and the import resumes to the full count.
 */
import { readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import type { BrowserContext, Page } from 'playwright-core';
import { launchProfile } from '../../scripts/lib/chromium.ts';
import { startStaticServer, type StaticServer } from '../../scripts/lib/static-server.ts';
import { createRng } from '../../workers/lib/rng.ts';
import { screwPng, tempDir } from './support/fixtures.ts';

const SEED = process.env['CRASH_SEED'] ?? 'crash-safety-1';
const IMAGES = 1000;
const rng = createRng(SEED);

let server: StaticServer;
let profile: string;
let context: BrowserContext | null = null;
let page: Page;
let work: string;

/** Parent id and state of every process, read from /proc. */
function processTable(): Map<number, { ppid: number; state: string }> {
  const table = new Map<number, { ppid: number; state: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state = '', ppid = ''] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), { ppid: Number(ppid), state });
    } catch {
      // The process ended while being read.
    }
  }
  return table;
}

/** The Chromium process this test launched on `profile`: a child of this process, found by its id. */
function browserPid(): number {
  for (const [pid, { ppid }] of processTable()) {
    if (ppid !== process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`--user-data-dir=${profile}`)) return pid;
    } catch {
      // The process ended while being read.
    }
  }
  throw new Error(`no Chromium process of this test runs on ${profile}`);
}

/** Processes that still hold a file of the profile open (the IndexedDB lock among them). */
function holdersOfProfile(): number[] {
  const holders: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      for (const fd of readdirSync(`/proc/${entry}/fd`))
        if (readlinkSync(`/proc/${entry}/fd/${fd}`).startsWith(profile)) {
          holders.push(Number(entry));
          break;
        }
    } catch {
      // The process ended, or its descriptors cannot be read.
    }
  }
  return holders;
}

/** Device and inode ("fe:00:1234", as /proc/locks writes them) of every file under `dir`. */
function fileKeys(dir: string, keys = new Set<string>()): Set<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    try {
      if (entry.isDirectory()) fileKeys(path, keys);
      else {
        const { dev, ino } = statSync(path);
        const major = (dev >> 8) & 0xfff;
        const minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
        keys.add(`${hex(major)}:${hex(minor)}:${ino}`);
      }
    } catch {
      // Removed while being read.
    }
  }
  return keys;
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/**
 * Processes that still hold a lock on a file of the profile (LevelDB's LOCK file among them). A
 * process that is exiting may have closed its descriptors before the kernel drops its locks.
 */
function lockersOfProfile(): number[] {
  const keys = fileKeys(profile);
  const lockers: number[] = [];
  for (const line of readFileSync('/proc/locks', 'utf8').split('\n')) {
    // "1: POSIX  ADVISORY  WRITE 3238 fe:00:2188118 0 EOF"; a blocked waiter's line starts "1: ->".
    const fields = line.trim().split(/\s+/);
    const at = fields.findIndex((f) => /^[0-9a-f]+:[0-9a-f]+:\d+$/.test(f));
    if (at > 0 && keys.has(fields[at]!)) lockers.push(Number(fields[at - 1]));
  }
  return lockers;
}

/**
 * SIGKILLs the browser process alone, as a crash would, then waits until its helper processes
 * (renderers, storage) have noticed and gone, no process holds a file of the profile open and none
 * holds a lock on one, as after a real crash, before the profile reopens. Reopening while an old
 * storage process still held the database would make Chromium treat it as corrupt and delete it.
 */
async function crash(): Promise<void> {
  const root = browserPid();
  const table = processTable();
  const family = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, { ppid }] of table)
      if (family.has(ppid) && !family.has(pid)) grew = family.add(pid) !== null;
  }
  process.kill(root, 'SIGKILL');
  for (let waited = 0; waited < 20_000; waited += 50) {
    const now = processTable();
    const gone = [...family].every((pid) => !now.has(pid) || now.get(pid)?.state === 'Z');
    if (gone && holdersOfProfile().length === 0 && lockersOfProfile().length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    "Chromium's helper processes, or a hold or lock on the profile's files, outlived it by 20 s",
  );
}

async function open(): Promise<void> {
  context = await launchProfile(profile, [], { serviceWorkers: 'block' });
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.url + '/#/data');
  await page.waitForFunction(() => window.screwopsPipeline !== undefined);
  await page.evaluate(() => window.screwopsPipeline!.ready);
  // The runner's file input and commands load on request.
  await page.evaluate(() => window.screwopsPipeline!.load());
}

/** Starts a pipeline command with `files` in the runner's input; resolves with its result or null. */
async function start(command: string, files: string[], options: Record<string, string | boolean> = {}) {
  // Only commands that read files take their paths.
  const paths: Record<string, string> = files.length
    ? { relativePaths: JSON.stringify(files.map((f) => f.split('/').pop())) }
    : {};
  if (files.length) await page.setInputFiles('#pipeline-files', files);
  return page
    .evaluate(([c, o]) => window.screwopsPipeline!.run(c, o), [command, { ...paths, ...options }] as const)
    .catch(() => null);
}

/** Runs `command` and SIGKILLs the browser `delayMs` later, wherever it is. */
async function killDuring(command: string, files: string[], delayMs: number, options = {}): Promise<void> {
  const closed = new Promise((resolve) => context!.once('close', resolve));
  const running = start(command, files, options);
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  await crash();
  await Promise.all([running, closed]);
  context = null;
}

interface Figures {
  ids: string[];
  sha256: string[];
  /** label of each image, by file name */
  labels: Record<string, string | null>;
  problems: string[];
  snapshots: number[];
}

/** Reads the whole database in the page and lists every half-written record. */
async function inspect(): Promise<Figures> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const request = indexedDB.open('screwops');
      request.onsuccess = () => ok(request.result);
      request.onerror = () => fail(request.error);
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((ok, fail) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => ok(request.result as T[]);
        request.onerror = () => fail(request.error);
      });
    type Image = {
      id: string;
      fileName: string;
      sha256: string;
      label: string | null;
      labelSource: string | null;
      importId: string;
    };
    const images = await all<Image>('images');
    const blobs = await all<{ id: string; original: Blob; thumbnail: Blob }>('blobs');
    const imports = await all<{ id: string; counts: { accepted: number } }>('imports');
    const events = await all<{ imageId: string; to: string | null }>('labelEvents');
    const snapshots = await all<{ name: string; entries: unknown[] }>('snapshots');
    db.close();
    const problems: string[] = [];
    const byId = new Map(blobs.map((b) => [b.id, b]));
    for (const image of images) {
      const b = byId.get(image.id);
      if (!b || !(b.original.size > 0) || !(b.thumbnail.size > 0))
        problems.push(`${image.id} lacks its blobs`);
      const last = events.filter((e) => e.imageId === image.id).at(-1);
      if (image.labelSource === 'imported' && last?.to !== image.label)
        problems.push(`${image.id} is labeled ${image.label} without its label event`);
    }
    const ids = new Set(images.map((i) => i.id));
    for (const b of blobs) if (!ids.has(b.id)) problems.push(`blob ${b.id} has no image`);
    for (const job of imports) {
      const stored = images.filter((i) => i.importId === job.id).length;
      if (stored !== job.counts.accepted)
        problems.push(`import ${job.id} reports ${job.counts.accepted} stored, holds ${stored}`);
    }
    return {
      ids: [...ids],
      sha256: images.map((i) => i.sha256),
      labels: Object.fromEntries(images.map((i) => [i.fileName, i.label])),
      problems,
      snapshots: snapshots.map((s) => s.entries.length),
    };
  });
}

/** The label export `flip` (0: labels-a, 1: labels-b, null: none yet) gives the image named `name`. */
function expectedLabel(name: string, flip: number | null): string | null {
  if (flip === null) return null;
  const i = Number(/shot-(\d+)\.png$/.exec(name)?.[1] ?? NaN);
  return (i + flip) % 2 ? 'bad' : 'good';
}

let kills = 0;
let checked = 0;
const seen = new Set<string>();
let losses = 0;

/** Reopens the profile after a kill and checks it; returns what it found. */
async function reopenAndCheck(): Promise<Figures> {
  kills++;
  await open();
  const figures = await inspect();
  checked += figures.ids.length;
  losses += [...seen].filter((id) => !figures.ids.includes(id)).length;
  for (const id of figures.ids) seen.add(id);
  expect(figures.problems).toEqual([]);
  expect(new Set(figures.sha256).size).toBe(figures.ids.length);
  return figures;
}

beforeAll(async () => {
  server = await startStaticServer('dist');
  profile = tempDir('screwops-crash-');
  work = tempDir('screwops-crash-files-');
  const entries: Record<string, Uint8Array> = {};
  for (let i = 0; i < IMAGES; i++)
    entries[`line/shot-${String(i).padStart(4, '0')}.png`] = screwPng(
      5000 + i,
      i % 5 ? 'good' : 'scratch_head',
      64,
    );
  writeFileSync(join(work, 'line.zip'), zipSync(entries, { level: 0 }));
  for (const [name, flip] of [
    ['labels-a.json', 0],
    ['labels-b.json', 1],
  ] as const) {
    const rows = Object.keys(entries).map((path, i) => ({
      id: i + 1,
      image: `/data/upload/1/${path.split('/').pop()}`,
      choice: (i + flip) % 2 ? 'bad' : 'good',
    }));
    writeFileSync(join(work, name), JSON.stringify(rows));
  }
}, 120_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await server?.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('crash safety', () => {
  it('loses and half-writes nothing when the browser is killed mid-write, and resumes', async () => {
    const started = performance.now();
    const zip = join(work, 'line.zip');
    await open();
    // Imports: kills spread over the whole run, early and late.
    const storedAtKill: number[] = [];
    for (let k = 0; k < 10; k++) {
      await killDuring('import', [zip], rng.int(300, 1800));
      storedAtKill.push((await reopenAndCheck()).ids.length);
    }
    // The kills must have landed inside the import, not only before or after it.
    expect(storedAtKill.some((n) => n > 0 && n < IMAGES)).toBe(true);
    const done = await start('import', [zip]);
    expect(done && 'data' in done ? done.data['status'] : done).toBe('done');
    let figures = await inspect();
    expect(figures.ids).toHaveLength(IMAGES);
    expect(new Set(figures.sha256).size).toBe(IMAGES);

    // Label batches: each export relabels every image in one batch, so a kill leaves all or none.
    const labelings = [join(work, 'labels-a.json'), join(work, 'labels-b.json')];
    const labelStates: string[] = [];
    for (let k = 0; k < 6; k++) {
      await killDuring('import', [labelings[k % 2]!], rng.int(50, 1500));
      figures = await reopenAndCheck();
      const names = Object.keys(figures.labels);
      const matching = (flip: number | null) =>
        names.filter((name) => figures.labels[name] === expectedLabel(name, flip)).length;
      // Unlabeled, or wholly one export's labels: never a mix.
      const state = [matching(null), matching(0), matching(1)].indexOf(IMAGES);
      const tally: Record<string, number> = {};
      for (const label of Object.values(figures.labels))
        tally[String(label)] = (tally[String(label)] ?? 0) + 1;
      expect(
        state,
        `labels ${JSON.stringify(tally)}, matching a ${matching(0)}, b ${matching(1)}`,
      ).toBeGreaterThanOrEqual(0);
      labelStates.push(['none', 'a', 'b'][state]!);
    }

    // Splits and snapshots: each split assigns every image again (a new seed), so a kill can land in
    // the middle of rewriting 1,000 records, or of the snapshot after it; every snapshot that exists
    // holds every image. One runs whole first, timed, so the kills land before, during and after.
    const resplit = (k: number) => ({ reassign: true, seed: String(100 + k) });
    const began = performance.now();
    for (const [command, options] of [
      ['split', resplit(0)],
      ['snapshot', { name: 'whole' }],
    ] as const) {
      const result = await start(command, [], options);
      expect(result && 'exitCode' in result ? result.exitCode : result, JSON.stringify(result)).toBe(0);
    }
    const whole = performance.now() - began;
    expect((await inspect()).snapshots).toEqual([IMAGES]);
    const snapshotCounts: number[] = [];
    for (let k = 0; k < 5; k++) {
      const closed = new Promise((resolve) => context!.once('close', resolve));
      const running = start('split', [], resplit(k + 1)).then(() => start('snapshot', [], { name: `v${k}` }));
      await new Promise((resolve) => setTimeout(resolve, rng.int(30, Math.round(whole))));
      await crash();
      await Promise.all([running, closed]);
      context = null;
      figures = await reopenAndCheck();
      for (const entries of figures.snapshots) expect(entries).toBe(IMAGES);
      snapshotCounts.push(figures.snapshots.length);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `crash safety (seed ${SEED}): kills ${kills}, records checked ${checked}, losses: ${losses}, ${seconds} s; ` +
        `images stored at each import kill: ${storedAtKill.join(', ')}; ` +
        `labels after each label kill: ${labelStates.join(', ')}; ` +
        `snapshots after each snapshot kill: ${snapshotCounts.join(', ')} (one uninterrupted: ${Math.round(whole)} ms)`,
    );
    expect(kills).toBeGreaterThanOrEqual(20);
    expect(losses).toBe(0);
  }, 600_000);
});
