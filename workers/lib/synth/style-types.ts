/**
 * The vocabulary of generator styles: what a style may choose from (head shapes,
 * drives, finishes, lighting) and the parameter ranges it draws from per image.
 * The catalogue of named styles lives in styles.ts.
 */

/** Side profile of the head. */
export type HeadShape = 'cheese' | 'pan' | 'button' | 'hex' | 'countersunk';
/**
 * Drive recess. Seen from the side a slot or cross cuts a notch into the head; a socket (hex or
 * the slightly wider star) shows only as a dark opening where a domed end is narrower than it.
 */
export type Drive = 'slot' | 'cross' | 'hex-socket' | 'star';
/** Surface finish: sets albedo, gloss and (on colour cameras) the tint. */
export type Finish = 'bright-zinc' | 'black-oxide' | 'brass' | 'stainless' | 'matte';
/** Light rig around the plate. */
export type Lighting = 'ring' | 'side' | 'diffuse' | 'uneven';
/** A closed interval [lo, hi] to draw uniformly from. */
export type Range = readonly [number, number];
/** Linear RGB multipliers, about 1 each (1, 1, 1 is neutral grey). */
export type Rgb = readonly [number, number, number];

/** The plate the screw lies on. */
export interface PlateSpec {
  /** Mean plate brightness (0..1). */
  base: Range;
  /** Plate colour (colour cameras only; grey cameras see its luminance). */
  tints: readonly Rgb[];
  /** Multiplier on the demo plate's blotches, brushing and grain. */
  texture: Range;
}

/** How defects are drawn, as multipliers around the demo drawing (1 = demo). */
export interface DefectSpec {
  /** Scale of the damaged area (scratch length/width, dent span, cut depth). */
  size: Range;
  /** Strength of the mark (scratch gain, crest flattening, dent depth). */
  contrast: Range;
  /** How far the defect may wander from its usual place (fraction of its allowed range, ±). */
  shift: Range;
  /** Shape variation: scratch bow and count, dent aspect, bend angle. */
  shape: Range;
}

/** A named look: every per-image parameter is drawn from these ranges with the image's seed. */
export interface StyleSpec {
  /** Kebab-case name used on the command line. */
  name: string;
  /** One line on what the style imitates. */
  description: string;
  /** Choices; each image draws one of each with its seed. */
  heads: readonly HeadShape[];
  drives: readonly Drive[];
  finishes: readonly Finish[];
  lighting: readonly Lighting[];
  /** Multipliers on the demo screw's length, thread diameter and pitch. */
  length: Range;
  diameter: Range;
  pitch: Range;
  /** Threaded share of the shank after the head (0..1; the rest is the plain neck). */
  threaded: Range;
  plate: PlateSpec;
  /** Cast-shadow darkness (0..1). */
  shadow: Range;
  /** Defocus blur σ (px at 256 px; scales with the image). */
  blur: Range;
  /** Sensor noise standard deviation (0..255 grey levels). */
  noise: Range;
  /** JPEG-like quality 1..100 of 8×8 block compression; 0 in both ends means none. */
  jpeg: Range;
  /** Keystone strength (fraction of the frame; 0 = square-on camera). */
  perspective: Range;
  /** true for an RGB camera (three bytes per pixel), false for one grey byte. */
  colour: boolean;
  defects: DefectSpec;
}
