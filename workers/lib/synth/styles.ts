/**
 * The named generator styles. 'demo' is the original look (its images never
 * change); every other style is a set of ranges from style-types.ts, drawn per
 * image with the image's seed, so (style, seed, kind, size) fixes every pixel.
 */
import type { DefectSpec, PlateSpec, Rgb, StyleSpec } from './style-types.ts';

/** Name of the original look, rendered by the untouched demo path. */
export const DEMO_STYLE = 'demo';

const GREY: Rgb = [1, 1, 1];
const MILD: DefectSpec = { size: [0.85, 1.2], contrast: [0.85, 1.1], shift: [-0.3, 0.3], shape: [0.7, 1.4] };
const WIDE: DefectSpec = { size: [0.7, 1.35], contrast: [0.75, 1.15], shift: [-0.6, 0.6], shape: [0.5, 1.8] };
const steelPlate = (base: [number, number], texture: [number, number]): PlateSpec => ({
  base,
  tints: [GREY, [1.02, 1, 0.96], [0.96, 0.99, 1.04]],
  texture,
});

const STYLES: readonly StyleSpec[] = [
  {
    name: 'zinc-ring',
    description: 'Bright zinc cheese and pan heads under a ring light on a pale steel plate, grey camera.',
    heads: ['cheese', 'pan'],
    drives: ['slot', 'cross'],
    finishes: ['bright-zinc'],
    lighting: ['ring'],
    length: [0.95, 1.05],
    diameter: [0.95, 1.1],
    pitch: [0.9, 1.1],
    threaded: [0.75, 0.9],
    plate: steelPlate([0.74, 0.84], [0.6, 1.2]),
    shadow: [0.1, 0.2],
    blur: [0, 0.5],
    noise: [1, 2.5],
    jpeg: [0, 0],
    perspective: [0, 0],
    colour: false,
    defects: MILD,
  },
  {
    name: 'oxide-backlit',
    description:
      'Black-oxide hex and button heads on a white plate, low side light, long shadows, grey camera.',
    heads: ['hex', 'button', 'cheese'],
    drives: ['hex-socket', 'star'],
    finishes: ['black-oxide'],
    lighting: ['side'],
    length: [0.9, 1.05],
    diameter: [1, 1.2],
    pitch: [0.95, 1.2],
    threaded: [0.6, 0.9],
    plate: steelPlate([0.86, 0.94], [0.3, 0.7]),
    shadow: [0.3, 0.45],
    blur: [0, 0.6],
    noise: [1.5, 3],
    jpeg: [0, 0],
    perspective: [0, 0.02],
    colour: false,
    defects: MILD,
  },
  {
    name: 'brass-conveyor',
    description:
      'Brass slotted screws on a green conveyor belt under a diffuse dome, colour camera with JPEG.',
    heads: ['cheese', 'countersunk', 'pan'],
    drives: ['slot'],
    finishes: ['brass'],
    lighting: ['diffuse'],
    length: [0.9, 1.05],
    diameter: [0.9, 1.05],
    pitch: [0.9, 1.05],
    threaded: [0.7, 0.95],
    plate: {
      base: [0.32, 0.42],
      tints: [
        [0.55, 1.05, 0.7],
        [0.5, 0.95, 0.8],
      ],
      texture: [1.2, 2],
    },
    shadow: [0.12, 0.22],
    blur: [0.3, 0.8],
    noise: [1.5, 3],
    jpeg: [55, 80],
    perspective: [0, 0.02],
    colour: true,
    defects: WIDE,
  },
  {
    name: 'stainless-dome',
    description: 'Stainless pan and button heads with cross and star drives, soft dome light, colour camera.',
    heads: ['pan', 'button'],
    drives: ['cross', 'star', 'hex-socket'],
    finishes: ['stainless'],
    lighting: ['diffuse', 'ring'],
    length: [0.85, 1],
    diameter: [0.95, 1.15],
    pitch: [0.85, 1],
    threaded: [0.8, 1],
    plate: {
      base: [0.55, 0.65],
      tints: [
        [0.92, 0.97, 1.08],
        [1.06, 1, 0.9],
      ],
      texture: [0.5, 1],
    },
    shadow: [0.1, 0.2],
    blur: [0, 0.4],
    noise: [1, 2],
    jpeg: [0, 0],
    perspective: [0, 0.015],
    colour: true,
    defects: MILD,
  },
  {
    name: 'matte-uneven',
    description:
      'Bead-blasted matte screws on a dark textured plate, uneven light falling off to one side, noisy.',
    heads: ['cheese', 'hex', 'countersunk'],
    drives: ['slot', 'hex-socket'],
    finishes: ['matte'],
    lighting: ['uneven'],
    length: [0.9, 1.1],
    diameter: [0.9, 1.1],
    pitch: [0.9, 1.15],
    threaded: [0.6, 0.85],
    plate: steelPlate([0.3, 0.4], [1.5, 2.5]),
    shadow: [0.25, 0.4],
    blur: [0.4, 1],
    noise: [4, 7],
    jpeg: [0, 0],
    perspective: [0, 0.02],
    colour: false,
    defects: WIDE,
  },
  {
    name: 'hex-workshop',
    description: 'Zinc and stainless hex-head bolts on brown fibreboard under a side lamp, colour camera.',
    heads: ['hex'],
    drives: ['slot', 'cross'],
    finishes: ['bright-zinc', 'stainless'],
    lighting: ['side', 'uneven'],
    length: [0.9, 1.05],
    diameter: [1.05, 1.25],
    pitch: [1, 1.25],
    threaded: [0.5, 0.8],
    plate: {
      base: [0.5, 0.6],
      tints: [
        [1.25, 0.95, 0.7],
        [1.15, 0.95, 0.75],
      ],
      texture: [1.5, 2.5],
    },
    shadow: [0.3, 0.45],
    blur: [0, 0.6],
    noise: [1.5, 3],
    jpeg: [70, 90],
    perspective: [0.01, 0.03],
    colour: true,
    defects: WIDE,
  },
  {
    name: 'webcam',
    description: 'A cheap colour webcam: mixed screws, blur, strong noise, blocky JPEG and a tilted view.',
    heads: ['cheese', 'pan', 'button', 'countersunk'],
    drives: ['slot', 'cross', 'star'],
    finishes: ['bright-zinc', 'stainless', 'brass'],
    lighting: ['uneven', 'diffuse'],
    length: [0.85, 1.05],
    diameter: [0.9, 1.1],
    pitch: [0.9, 1.1],
    threaded: [0.7, 0.95],
    plate: {
      base: [0.6, 0.75],
      tints: [
        [1.05, 1, 0.88],
        [0.95, 1, 1.05],
      ],
      texture: [0.8, 1.5],
    },
    shadow: [0.15, 0.3],
    blur: [0.7, 1.2],
    noise: [4, 6],
    jpeg: [25, 45],
    perspective: [0.02, 0.04],
    colour: true,
    defects: WIDE,
  },
  {
    name: 'darkfield-fine',
    description: 'Long, thin, fine-thread zinc screws on a black plate: bright metal on dark, grey camera.',
    heads: ['countersunk', 'cheese', 'pan'],
    drives: ['slot', 'cross'],
    finishes: ['bright-zinc', 'stainless'],
    lighting: ['ring'],
    length: [1.05, 1.15],
    diameter: [0.75, 0.9],
    pitch: [0.7, 0.85],
    threaded: [0.85, 1],
    plate: steelPlate([0.08, 0.14], [0.5, 1]),
    shadow: [0.3, 0.5],
    blur: [0, 0.4],
    noise: [1.5, 3],
    jpeg: [0, 0],
    perspective: [0, 0],
    colour: false,
    defects: MILD,
  },
  {
    name: 'coarse-stubby',
    description: 'Short, thick, coarse-thread brass and zinc screws, ring light, white plate, colour camera.',
    heads: ['button', 'pan', 'hex'],
    drives: ['hex-socket', 'star', 'slot'],
    finishes: ['brass', 'bright-zinc'],
    lighting: ['ring'],
    length: [0.8, 0.92],
    diameter: [1.2, 1.4],
    pitch: [1.25, 1.5],
    threaded: [0.75, 1],
    plate: {
      base: [0.8, 0.88],
      tints: [
        [1.05, 1, 0.88],
        [0.96, 1, 1.07],
      ],
      texture: [0.4, 0.8],
    },
    shadow: [0.15, 0.25],
    blur: [0, 0.5],
    noise: [1, 2.5],
    jpeg: [75, 95],
    perspective: [0, 0.02],
    colour: true,
    defects: WIDE,
  },
];

/** All style names, 'demo' first. */
export const STYLE_NAMES: readonly string[] = [DEMO_STYLE, ...STYLES.map((s) => s.name)];

/** A style name that is not in the catalogue. */
export class UnknownStyleError extends Error {
  constructor(name: string) {
    super(`Unknown screw style ${JSON.stringify(name)}; choose one of: ${STYLE_NAMES.join(', ')}`);
    this.name = 'UnknownStyleError';
  }
}

/** The spec of a named style, or null for 'demo' (whose look is fixed by the original renderer). */
export function getStyle(name: string): StyleSpec | null {
  if (name === DEMO_STYLE) return null;
  const s = STYLES.find((x) => x.name === name);
  if (!s) throw new UnknownStyleError(name);
  return s;
}

/** One line per style (name and description), for help texts. */
export function describeStyles(): string[] {
  return [
    `${DEMO_STYLE}: the original look (slotted cheese heads, bright plate, grey camera); never changes.`,
    ...STYLES.map((s) => `${s.name}: ${s.description}`),
  ];
}
