/** One image preprocessed once per preprocessing spec: the canonical crop as 8-bit gray. */
export interface CachedTensor {
  /** `${specKey}/${sha256}` */
  key: string;
  /** inputSize × inputHeight bytes, row-major */
  pixels: Uint8Array;
}
