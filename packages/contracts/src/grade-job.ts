// The payload of a grading job: everything a worker needs, and nothing secret.
import { z } from "zod";
import { Limits } from "./limits.ts";
import { RunResult } from "./run-result.ts";
import { VmSpec } from "./sandbox.ts";
import { ServiceSpec } from "./services.ts";

export const GradeJob = z.object({
  version: z.literal(1),
  submissionId: z.string().startsWith("sub_"),
  /** 1 for the first grading; a rejudge increments it. */
  attempt: z.number().int().min(1),
  /** Runner image, e.g. bsod/runner-python:latest. */
  image: z.string().min(1),
  /** Redis key of the source tarball (git archive). */
  source: z.string().min(1),
  /** Redis key of the harness bundle (content-addressed). */
  harness: z.string().min(1),
  /** Stage slugs to run, in order; grading stops at the first failure. */
  stages: z.array(z.string().min(1)).min(1),
  limits: Limits,
  /** Shell command that builds the program in /work, or null when nothing is built. */
  build: z.string().nullable(),
  /** Shell command that starts the program from /work (the harness appends arguments). */
  run: z.string().min(1),
  /** Seed for the harness's deterministic randomness. */
  seed: z.string().min(1),
  /** The api request that accepted the run (push hook or test-run upload), for tracing logs. */
  requestId: z.string().max(100).optional(),
  /** Set when the run gets a machine of its own (the vm runtime); absent: a container. */
  vm: VmSpec.optional(),
  /** Sidecar services started fresh for this run, on its loopback (absent: none). */
  services: z.array(ServiceSpec).max(8).optional(),
});
export type GradeJob = z.infer<typeof GradeJob>;

export const QUEUE_NAMES = {
  grade: "bsod-grade",
  results: "bsod-results",
} as const;

/**
 * Job ids of both queues, one per (submission, attempt): adding a job for an attempt that has
 * one already is a no-op, so a repair that enqueues again can never grade or apply twice.
 */
export const jobIds = {
  grade: (submissionId: string, attempt: number) => `${submissionId}-${attempt}`,
  result: (submissionId: string, attempt: number) => `${submissionId}-${attempt}`,
};

/** Redis key layout shared by api and worker. */
export const redisKeys = {
  runEvents: (submissionId: string) => `bsod:run:${submissionId}:events`,
  runSeq: (submissionId: string) => `bsod:run:${submissionId}:seq`,
  /** Set when the api announced an attempt's verdict on the run's stream (once per attempt). */
  runVerdict: (submissionId: string, attempt: number) => `bsod:run:${submissionId}:verdict:${attempt}`,
  sourceBlob: (submissionId: string) => `bsod:blob:src:${submissionId}`,
  harnessBlob: (hash: string) => `bsod:blob:harness:${hash}`,
  /** The deployment's id, created once by whichever of api and worker comes first (SET NX). */
  deploymentId: (queuePrefix: string) => `${queuePrefix}:deployment-id`,
};

/** What the grading worker hands to the results queue; the api applies it once. */
export const ResultMessage = z.object({
  submissionId: z.string().startsWith("sub_"),
  attempt: z.number().int().min(1),
  result: RunResult,
  worker: z.string(),
  finishedAt: z.number().int(),
});
export type ResultMessage = z.infer<typeof ResultMessage>;
