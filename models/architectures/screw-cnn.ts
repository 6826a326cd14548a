import * as tfl from '@tensorflow/tfjs-layers';

/** Options of the default screw classifier. */
export interface ScrewCnnOptions {
  /** input width, pixels (along the part's axis) */
  width: number;
  /** input height, pixels */
  height: number;
  classes: number;
  /** filters of the first block; each later block doubles it, up to 8x */
  baseFilters: number;
  /** weight-initialisation seed */
  seed: number;
}

/**
 * The default screw classifier: four conv blocks on the canonical crop, then global average and
 * global max pooling side by side (a small defect lights up a few positions, which max pooling
 * keeps), then a softmax. About 60k parameters at 16 base filters: small enough for camera rate on a
 * tablet. No dropout: its randomness is not seeded in tfjs, and runs must be reproducible.
 */
export function buildScrewCnn({
  width,
  height,
  classes,
  baseFilters,
  seed,
}: ScrewCnnOptions): tfl.LayersModel {
  let layerSeed = seed * 1000;
  const init = () => tfl.initializers.heNormal({ seed: layerSeed++ });
  const input = tfl.input({ shape: [height, width, 1], name: 'image' });
  let x: tfl.SymbolicTensor = input;
  const filters = [1, 2, 4, 4].map((m) => baseFilters * m);
  filters.forEach((f, block) => {
    const n = block + 1;
    x = tfl.layers
      .conv2d({
        filters: f,
        kernelSize: 3,
        padding: 'same',
        useBias: false,
        kernelInitializer: init(),
        name: `conv${n}`,
      })
      .apply(x) as tfl.SymbolicTensor;
    // Batch normalisation keeps every block's activations in range, so training starts stable at any input scale.
    x = tfl.layers.batchNormalization({ momentum: 0.9, name: `bn${n}` }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.activation({ activation: 'relu', name: `relu${n}` }).apply(x) as tfl.SymbolicTensor;
    if (block < 3)
      x = tfl.layers.maxPooling2d({ poolSize: 2, name: `pool${n}` }).apply(x) as tfl.SymbolicTensor;
  });
  const avg = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tfl.SymbolicTensor;
  const max = tfl.layers.globalMaxPooling2d({ name: 'gmp' }).apply(x) as tfl.SymbolicTensor;
  const pooled = tfl.layers.concatenate({ name: 'pooled' }).apply([avg, max]) as tfl.SymbolicTensor;
  const output = tfl.layers
    .dense({
      units: classes,
      activation: 'softmax',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: layerSeed++ }),
      name: 'classes',
    })
    .apply(pooled) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output, name: 'screw_cnn' });
}
