import { describe, expect, it } from 'vitest';
import { mapFrame, partOutline } from './overlay-geometry.ts';

describe('mapFrame', () => {
  it('letterboxes a 4:3 frame in a wide element when the video is contained', () => {
    const map = mapFrame(640, 480, 1280, 720, 'contain');
    expect(map.scale).toBeCloseTo(1.5);
    expect(map.offsetX).toBeCloseTo(160);
    expect(map.offsetY).toBeCloseTo(0);
  });

  it('crops top and bottom when the video covers a wide element', () => {
    const map = mapFrame(640, 480, 1280, 720, 'cover');
    expect(map.scale).toBeCloseTo(2);
    expect(map.offsetX).toBeCloseTo(0);
    expect(map.offsetY).toBeCloseTo(-120);
  });

  it('maps nothing before the video has a size', () => {
    expect(mapFrame(0, 0, 800, 600, 'contain').scale).toBe(0);
  });
});

describe('partOutline', () => {
  it('places a horizontal part centred on its frame position with its head on the left', () => {
    const map = mapFrame(640, 480, 1280, 960, 'contain');
    const outline = partOutline({ cx: 320, cy: 240, angle: 0, length: 200, width: 40 }, map);
    expect(outline.centre).toEqual({ x: 640, y: 480 });
    expect(outline.head.x).toBeCloseTo(440);
    expect(outline.head.y).toBeCloseTo(480);
    const xs = outline.corners.map((p) => p.x);
    const ys = outline.corners.map((p) => p.y);
    expect(Math.min(...xs)).toBeCloseTo(440);
    expect(Math.max(...xs)).toBeCloseTo(840);
    expect(Math.min(...ys)).toBeCloseTo(440);
    expect(Math.max(...ys)).toBeCloseTo(520);
  });

  it('turns the box with the part', () => {
    const outline = partOutline(
      { cx: 100, cy: 100, angle: Math.PI / 2, length: 100, width: 20 },
      { scale: 1, offsetX: 0, offsetY: 0 },
    );
    // Along the y axis now: the head sits above the centre.
    expect(outline.head.x).toBeCloseTo(100);
    expect(outline.head.y).toBeCloseTo(50);
    const xs = outline.corners.map((p) => p.x);
    expect(Math.max(...xs) - Math.min(...xs)).toBeCloseTo(20);
  });
});
