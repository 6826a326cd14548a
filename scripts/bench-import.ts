/**
 * Import benchmark: generates N screw PNGs (default 1,000 at 1024x1024) once, imports them through
 * the pipeline runner into a fresh profile, and samples the resident memory of every Chromium
 * process meanwhile. Prints images/s and memory over time, and one JSON line.
 *
 *   npx tsx scripts/bench-import.ts [--count 1000] [--size 1024] [--dir /tmp/screwops-bench]
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    size: { type: 'string', default: '1024' },
    dir: { type: 'string' },
  },
});
const count = Number(values.count);
const size = Number(values.size);
const dir = values.dir ?? join(tmpdir(), `screwops-bench-${count}x${size}`);

if (!existsSync(join(dir, 'manifest.json'))) {
  console.error(`generating ${count} images of ${size}x${size} into ${dir} …`);
  execFileSync(
    'npx',
    [
      'tsx',
      'scripts/gen-screws.ts',
      '--out',
      dir,
      '--count',
      String(count),
      '--size',
      String(size),
      '--video-frames',
      '0',
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

/** Sum of the resident set size of processes whose command line mentions `marker`, bytes. */
function rssOf(marker: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) total += Number(rss[1]) * 1024;
    } catch {
      // The process ended between listing and reading.
    }
  }
  return total;
}

const profile = mkdtempSync(join(tmpdir(), 'screwops-bench-profile-'));
const samples: Array<{ t: number; rssMb: number }> = [];
const start = Date.now();
const child = spawn(
  'npx',
  ['tsx', 'scripts/pipeline.ts', 'import', dir, '--json', '--profile', profile, '--port', '4899'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
let stdout = '';
child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
const timer = setInterval(
  () => samples.push({ t: (Date.now() - start) / 1000, rssMb: rssOf(profile) / 1e6 }),
  1000,
);
child.on('close', (code) => {
  clearInterval(timer);
  rmSync(profile, { recursive: true, force: true });
  if (code !== 0) {
    console.error(`import failed with exit code ${code}`);
    process.exit(1);
  }
  const result = JSON.parse(stdout) as { accepted: number; imagesPerSecond: number; elapsedMs: number };
  const peak = Math.max(...samples.map((s) => s.rssMb));
  const quarter = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(samples.length * q))]?.rssMb ?? 0;
  console.log(
    `imported ${result.accepted} images of ${size}x${size} in ${(result.elapsedMs / 1000).toFixed(1)} s: ${result.imagesPerSecond.toFixed(1)} images/s`,
  );
  console.log(
    `Chromium RSS (all processes): 25% ${quarter(0.25).toFixed(0)} MB, 50% ${quarter(0.5).toFixed(0)} MB, 75% ${quarter(0.75).toFixed(0)} MB, peak ${peak.toFixed(0)} MB`,
  );
  console.log(
    JSON.stringify({
      count,
      size,
      accepted: result.accepted,
      imagesPerSecond: result.imagesPerSecond,
      peakRssMb: Math.round(peak),
      samples,
    }),
  );
});
