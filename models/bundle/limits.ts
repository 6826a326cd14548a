/**
 * Bounds on what a bundle may declare, checked before tfjs allocates anything: a bundle is data
 * from another device, and a shape of a billion elements must be refused, not attempted.
 */
export const BUNDLE_LIMITS = {
  /** every weight together, elements (64 Mi float32 = 256 MiB; MobileNet v2 has 3.5 M) */
  maxParams: 64 * 1024 * 1024,
  /** one weight dimension, elements */
  maxDim: 65_536,
  /** dimensions of one weight */
  maxRank: 6,
  /** weight tensors */
  maxWeights: 2_000,
  /** input height or width, pixels */
  maxInputSide: 2_048,
  /** golden examples */
  maxGolden: 16,
  /** golden.bin, bytes */
  maxGoldenBytes: 64 * 1024 * 1024,
  /** model outputs */
  maxOutputs: 1_000,
  /** one JSON file (model.json, screwops.json, manifest.json), bytes */
  maxJsonBytes: 8 * 1024 * 1024,
  /** layers, counting those of nested models */
  maxLayers: 5_000,
} as const;

/** Largest bundle zip accepted, bytes: every file at its limit, stored without compression, plus room for the zip's own records. */
export const MAX_BUNDLE_ZIP_BYTES =
  BUNDLE_LIMITS.maxParams * 4 + BUNDLE_LIMITS.maxGoldenBytes + 3 * BUNDLE_LIMITS.maxJsonBytes + 64 * 1024;
