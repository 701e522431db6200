// Infrastructure trouble with the sandbox (Docker): thrown, so BullMQ retries the job.
export class SandboxError extends Error {
  override name = "SandboxError";
}
