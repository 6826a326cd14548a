import { describe, expect, it } from 'vitest';
import { encodePng } from '../png/encode-png.ts';
import type { AssertionScope } from './assertions.ts';
import { defaultAssertions, evaluateAssertions } from './assertions.ts';
import { renderProfileReportHtml } from './report-html.ts';
import { syntheticAccumulator, syntheticStats } from './synthetic-profile.ts';

const scope: AssertionScope = { classes: ['good', 'bad'], inputSize: 128, gate: { threshold: 0.95 } };
const meta = {
  projectName: 'M8 screws & <bolts>',
  snapshotName: 'snap "3"',
  snapshotHash: 'ab12cd34ef56ab12cd34ef56',
  createdAt: Date.UTC(2025, 4, 6, 9, 30),
};

/** A small PNG data URL of a dark screw-like bar at `deg` on a light background. */
function barThumb(deg: number, shade = 60): string {
  const s = 48;
  const px = new Uint8Array(s * s);
  const t = (deg * Math.PI) / 180;
  for (let y = 0; y < s; y++)
    for (let x = 0; x < s; x++) {
      const dx = x - s / 2;
      const dy = y - s / 2;
      const along = dx * Math.cos(t) - dy * Math.sin(t);
      const across = dx * Math.sin(t) + dy * Math.cos(t);
      px[y * s + x] = Math.abs(along) < 17 && Math.abs(across) < 4 ? shade : 205;
    }
  return `data:image/png;base64,${Buffer.from(encodePng(px, s, s, 1)).toString('base64')}`;
}

function anomalousProfile() {
  const acc = syntheticAccumulator(
    { good: { train: 140, validation: 30, test: 40 }, bad: { train: 60, validation: 15, test: 20 } },
    'report',
  );
  const img = (
    id: string,
    label: string | null,
    split: 'train' | 'validation' | 'test' | null,
    sha = `sha-${id}`,
    size = 256,
  ) => ({
    id,
    sha256: sha,
    label,
    split,
    width: size,
    height: size,
    channels: 1,
    format: 'png',
    byteSize: 30_000,
  });
  acc.add(img('leak-1', 'good', 'train', 'L1'), syntheticStats('l1', 'good'));
  acc.add(img('leak-2', 'good', 'test', 'L1'), syntheticStats('l1', 'good'));
  acc.add(img('near-1', 'bad', 'train'), { ...syntheticStats('n', 'bad'), dhash: '00ff00ff00ff00ff' });
  acc.add(img('near-2', 'bad', 'validation'), {
    ...syntheticStats('n', 'bad'),
    mean: 99,
    dhash: '00ff00ff00ff00fe',
  });
  acc.add(img('conflict-a', 'good', null, 'C1'), syntheticStats('c', 'good'));
  acc.add(img('conflict-b', 'bad', null, 'C1'), syntheticStats('c', 'good'));
  acc.add(img('corrupt.jpg', 'good', 'train'), null);
  acc.add(img('too-dark', 'good', 'train'), {
    ...syntheticStats('dark', 'good'),
    mean: 12,
    std: 4,
    sharpness: 0.8,
  });
  acc.add(img('thumbnail-size', 'bad', 'train', 'sha-t', 96), syntheticStats('small', 'bad', 96));
  acc.add(img('xss', '<script>alert(1)</script>', 'train'), syntheticStats('x', 'good'));
  return acc.finish();
}

describe('renderProfileReportHtml', () => {
  it('renders a self-contained, escaped report with the numbers', () => {
    const profile = anomalousProfile();
    const results = evaluateAssertions(profile, defaultAssertions(scope), scope);
    const thumbs: Record<string, string> = {};
    profile.rows.forEach((r, i) => (thumbs[r.id] = barThumb((i * 37) % 180, r.label === 'bad' ? 90 : 50)));
    thumbs['too-dark'] = barThumb(30, 10);
    thumbs['leak-2'] = 'http://example.com/evil.png';
    thumbs['near-1'] = 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=';
    const html = renderProfileReportHtml(profile, results, meta, thumbs);

    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toContain('svg+xml');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('M8 screws &#38; &#60;bolts&#62;');
    expect(html).toContain('snap &#34;3&#34;');
    expect(html).toContain('ab12cd34ef56<');
    expect(html).toContain('2025-05-06 09:30 UTC');
    // Numbers: image count tile, the test-power bound, imbalance, and the failing count cells.
    expect(html).toContain(`<b>${profile.imageCount}</b><span>images</span>`);
    const power = results.find((r) => r.id === 'test-power')!;
    expect(html).toContain(String(power.observed));
    expect(html).toContain(`${profile.imbalanceRatio!.toFixed(2)}×`);
    expect(html).toContain('Training blocked');
    expect(html).toMatch(/<span class="badge fail">FAIL<\/span>/);
    expect(html).toMatch(/<span class="badge warn">WARN<\/span>/);
    expect(html).toMatch(/<span class="badge pass">PASS<\/span>/);
    // One histogram per layout, a dot per decoded image, and the gallery thumbnails.
    expect(html.match(/aria-label="[^"]*histogram"/g)).toHaveLength(profile.histograms.length);
    expect(html.match(/<circle /g)).toHaveLength(profile.decodedCount);
    expect(html).toContain('alt="too-dark"');
    expect(html).not.toContain('alt="leak-2"'); // its unsafe URL was replaced by a placeholder
    expect(html).toContain('corrupt.jpg');
    expect(html).toContain('near · ≤ 1 bit · 2 images · train / validation');
  });

  it('shows the gate as clear when nothing blocking fails, and handles an empty profile', () => {
    const profile = syntheticAccumulator({
      good: { train: 100, validation: 20, test: 75 },
      bad: { train: 100, validation: 20, test: 75 },
    }).finish();
    const results = evaluateAssertions(profile, defaultAssertions(scope), scope);
    const html = renderProfileReportHtml(profile, results, meta);
    expect(html).toContain('Ready to train');
    expect(html).not.toContain('Training blocked');
    expect(html).toContain('class="ph"'); // no thumbnails: placeholders

    const empty = syntheticAccumulator({}).finish();
    const blank = renderProfileReportHtml(empty, [], meta);
    expect(blank).toContain('No assertions were evaluated.');
    expect(blank).not.toMatch(/NaN|undefined|Infinity/);
  });
});
