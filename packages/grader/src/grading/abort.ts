// The error a grading run throws when its caller aborted it (shutdown, job cancelled).
export class GradingAbortedError extends Error {
  override name = "GradingAbortedError";
}

export function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new GradingAbortedError("grading was aborted");
}
