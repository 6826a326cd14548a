/** Why a one-class model cannot be fitted from what it was given, said so a person can fix it. */
export class OneClassFitError extends Error {
  override name = 'OneClassFitError';
}
