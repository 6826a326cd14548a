/** The classic baseline: a per-pixel mean and spread of good crops; a crop's score is its largest deviation. */

/** Per-pixel statistics of good crops. */
export interface GoldenTemplate {
  width: number;
  height: number;
  mean: Float32Array;
  std: Float32Array;
}

/** The template of good crops (each width × height, row-major). */
export function fitGoldenTemplate(
  crops: readonly Float32Array[],
  width: number,
  height: number,
): GoldenTemplate {
  if (!crops.length) throw new Error('A golden template needs at least one good crop.');
  const size = width * height;
  const mean = new Float32Array(size);
  const std = new Float32Array(size);
  for (const crop of crops) for (let i = 0; i < size; i++) mean[i]! += crop[i]! / crops.length;
  for (const crop of crops)
    for (let i = 0; i < size; i++) std[i]! += (crop[i]! - mean[i]!) ** 2 / crops.length;
  for (let i = 0; i < size; i++) std[i] = Math.sqrt(std[i]!);
  return { width, height, mean, std };
}

/** A crop's deviation map (|x − mean| / spread) and its maximum as the score. */
export function goldenTemplateScore(
  t: GoldenTemplate,
  crop: Float32Array,
): { score: number; map: Float32Array } {
  const map = new Float32Array(t.mean.length);
  let score = 0;
  for (let i = 0; i < map.length; i++) {
    map[i] = Math.abs(crop[i]! - t.mean[i]!) / (t.std[i]! + 0.1);
    if (map[i]! > score) score = map[i]!;
  }
  return { score, map };
}
