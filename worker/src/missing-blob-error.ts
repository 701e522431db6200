// A job whose input blob is gone cannot succeed on any retry: fail it at once.
import { UnrecoverableError } from "bullmq";

export class MissingBlobError extends UnrecoverableError {
  override name = "UnrecoverableError";
}
