/** The shipped backbone's shape: a run that starts from it, or builds a one-class model on it, must match. */
export const SHIPPED_BACKBONE = { inputSize: 128, baseFilters: 16 } as const;
