/** Why a one-class model cannot be fitted from what it was given, said so a person can fix it. */
export class OneClassFitError extends Error {
  override name = 'OneClassFitError';
}

/** A model asked for anomaly maps that has no `anomaly_map` layer: it is not a one-class model. */
export class NotOneClassModelError extends Error {
  override name = 'NotOneClassModelError';
}
