import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { encodePng } from '../../../workers/lib/png/encode-png.ts';
import { crc32 } from '../../../workers/lib/bytes.ts';
import { inRepo, REPO } from './repo.ts';
import { generateScrewImage, type ScrewKind } from '../../../workers/lib/synth/screw-generator.ts';

/** A fresh temporary folder for one test's files. */
export function tempDir(prefix = 'screwops-fixture-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs the screw generator CLI and returns its output folder. */
export function generateScrews(args: string[]): string {
  const out = tempDir('screwops-gen-');
  execFileSync('npx', ['tsx', 'scripts/gen-screws.ts', '--out', out, ...args], { cwd: REPO, stdio: 'pipe' });
  return out;
}

/** One generated screw as PNG bytes. */
export function screwPng(seed: number, kind: ScrewKind = 'good', size = 128): Uint8Array {
  const image = generateScrewImage({ seed, kind, size });
  return encodePng(image.pixels, image.width, image.height, 1);
}

/** The Label Studio JSON-MIN export kept in the repository (see its README). */
const LABEL_STUDIO_EXPORT = inRepo('tests/fixtures/label-studio/primehub-screw-tutorial-json-min.json');

/** The 40 images the Label Studio export names, generated under those names, plus the export. */
export function labelStudioFolder(): { dir: string; files: string[]; exportPath: string } {
  const fixture = LABEL_STUDIO_EXPORT;
  const tasks = JSON.parse(readFileSync(fixture, 'utf8')) as Array<{ image: string; choice: string }>;
  const dir = tempDir('screwops-ls-');
  const files = tasks.map((task, i) => {
    const name = task.image.split('/').pop()!;
    const kind: ScrewKind = task.choice === 'good' ? 'good' : 'manipulated_front';
    writeFileSync(join(dir, name), screwPng(1000 + i, kind));
    return join(dir, name);
  });
  const exportPath = join(dir, 'project-6-export.json');
  writeFileSync(exportPath, readFileSync(fixture));
  return { dir, files, exportPath };
}

/** A PNG whose header declares 60000 x 60000 pixels (a decompression bomb), with valid CRCs. */
function bombPng(): Uint8Array {
  const real = screwPng(7, 'good', 64);
  const copy = new Uint8Array(real);
  const view = new DataView(copy.buffer);
  view.setUint32(16, 60000);
  view.setUint32(20, 60000);
  // Recompute the IHDR CRC over type + data (bytes 12..29).
  view.setUint32(29, crc32(copy, 12, 29));
  return copy;
}

/** Files every import must refuse, each for its own reason, next to two good images. */
export function badFilesFolder(): { dir: string; good: string[]; bad: Record<string, RegExp> } {
  const dir = join(tempDir('screwops-bad-'), 'mixed');
  mkdirSync(dir);
  const good = ['good-a.png', 'good-b.png'];
  writeFileSync(join(dir, good[0]!), screwPng(11));
  writeFileSync(join(dir, good[1]!), screwPng(12, 'scratch_head'));
  const png = screwPng(13);
  writeFileSync(join(dir, 'notes.png'), 'These are shift notes, not an image.\n');
  writeFileSync(join(dir, 'truncated.png'), png.slice(0, Math.floor(png.length / 2)));
  writeFileSync(join(dir, 'empty.png'), new Uint8Array(0));
  writeFileSync(join(dir, 'bomb.png'), bombPng());
  const jpegHeader = [
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00,
    0x01, 0x00, 0x00,
  ];
  writeFileSync(
    join(dir, 'corrupt.jpg'),
    new Uint8Array([...jpegHeader, ...new Array(200).fill(0x13), 0xff, 0xd9]),
  );
  const zip = zipSync({
    'bomb.bin.png': [new Uint8Array(60_000_000), { level: 9 }],
    '../escape.png': screwPng(14),
    '/etc/absolute.png': screwPng(15),
    'inside/fine.png': screwPng(16),
  });
  writeFileSync(join(dir, 'archive.zip'), zip);
  return {
    dir,
    good: [...good, 'inside/fine.png'],
    bad: {
      'notes.png': /not a png, jpeg|not an image/i,
      'truncated.png': /incomplete|truncat|corrupt/i,
      'empty.png': /empty/i,
      'bomb.png': /decompression bomb|exceeds/i,
      'corrupt.jpg': /corrupt|truncat|decode/i,
      'bomb.bin.png': /ratio|bomb|limit/i,
      '../escape.png': /\.\.|path/i,
      '/etc/absolute.png': /absolute|path/i,
    },
  };
}

/** A flat folder of `count` unlabeled screw images (no class folders), for labeling tests. */
export function unlabeledFolder(count: number, seed = 300): string {
  const dir = join(tempDir('screwops-unlabeled-'), 'line4');
  mkdirSync(dir);
  for (let i = 0; i < count; i++) {
    const kind: ScrewKind = i % 4 === 3 ? 'scratch_neck' : 'good';
    writeFileSync(join(dir, `shot-${String(i).padStart(3, '0')}.png`), screwPng(seed + i, kind, 96));
  }
  return dir;
}
