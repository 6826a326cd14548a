/** manifest.json: the SHA-256 of every other file of a bundle, and the layout of golden.bin. */
export interface BundleManifest {
  format: 'screwops-bundle-manifest';
  algorithm: 'SHA-256';
  /** file name -> lowercase hex SHA-256 of its bytes */
  files: Record<string, string>;
  golden: GoldenLayout;
}

/**
 * golden.bin: `count` inputs of `inputShape` then the `count` outputs of `outputShape` the model
 * answered for them, all float32 little-endian, row-major.
 */
export interface GoldenLayout {
  file: 'golden.bin';
  dtype: 'float32';
  count: number;
  inputShape: number[];
  outputShape: number[];
}

/** Lowercase hex SHA-256 of bytes (WebCrypto: in browsers, workers and Node 20). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The manifest of a bundle's files (manifest.json itself excluded) and its golden layout. */
export async function buildManifest(
  files: Record<string, Uint8Array>,
  golden: Omit<GoldenLayout, 'file' | 'dtype'>,
): Promise<BundleManifest> {
  const names = Object.keys(files).sort();
  const digests = await Promise.all(names.map((name) => sha256Hex(files[name]!)));
  return {
    format: 'screwops-bundle-manifest',
    algorithm: 'SHA-256',
    files: Object.fromEntries(names.map((name, i) => [name, digests[i]!])),
    golden: { file: 'golden.bin', dtype: 'float32', ...golden },
  };
}
