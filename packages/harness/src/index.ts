// @bsod/harness: the SDK challenge authors write stage tests with.
export { defineStage, type StageContext, type StageDefinition, type StageReturn } from "./stage.ts";
export { expect, deepEqual, type ExpectOptions, type Matchers } from "./expect.ts";
export { StageFailure, ExpectationFailed, fail, isStageFailure } from "./errors.ts";
export {
  Program,
  ProgramProcess,
  Connection,
  type RunOptions,
  type RunResult,
  type StartOptions,
  type ConnectOptions,
  type ExitInfo,
} from "./program.ts";
export { Channel } from "./channel.ts";
export { ByteReader, ProtocolError, lineParser, type Parser, type ReadOptions } from "./reader.ts";
export { createRandom, type Random } from "./random.ts";
export type { Log } from "./log.ts";
export type { Fixtures, FixtureData } from "./fixtures.ts";
export type { ProgramFiles } from "./files.ts";
export { describe as describeValue, quote, registerFormatter } from "./format.ts";
export { resp, type RespValue } from "./resp.ts";
export { encodeRequest, httpResponseParser, type HttpRequest, type HttpResponse } from "./http.ts";
export {
  runHarness,
  runStages,
  parseHarnessConfig,
  HarnessConfigError,
  type RuntimeConfig,
  type StageEntry,
  type StageOutcome,
  type RunHarnessOptions,
} from "./runtime.ts";
