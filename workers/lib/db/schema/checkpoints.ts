/** A checkpoint: everything needed to continue a run exactly where an epoch ended. */
export interface CheckpointRecord {
  runId: string;
  /** the last finished epoch, 1-based */
  epoch: number;
  /** weight tensors in model order: shape and values */
  weights: Array<{ shape: number[]; data: Float32Array }>;
  optimizer: Array<{ name: string; shape: number[]; data: Float32Array }>;
  bestValLoss: number | null;
  epochsWithoutImprovement: number;
  /** weights of the epoch with the best validation loss, restored at the end */
  bestWeights: Array<{ shape: number[]; data: Float32Array }> | null;
}
