// @bsod/harness: the SDK challenge authors write stage tests with.

export { Channel } from "./channel.ts";
export { Connection } from "./connection.ts";
export { ExpectationFailed, fail, isStageFailure, StageFailure } from "./errors.ts";
export { deepEqual, type ExpectOptions, expect, type Matchers } from "./expect.ts";
export type { ProgramFiles } from "./files.ts";
export type { FixtureData, Fixtures } from "./fixtures.ts";
export { describe as describeValue, quote, registerFormatter } from "./format.ts";
export { encodeRequest, type HttpRequest, type HttpResponse, httpResponseParser } from "./http.ts";
export type { Log } from "./log.ts";
export { type ConnectOptions, Program, type RunOptions, type RunResult, type StartOptions } from "./program.ts";
export { ProgramProcess } from "./program-process.ts";
export { createRandom, type Random } from "./random.ts";
export { ByteReader, lineParser, type Parser, ProtocolError, type ReadOptions } from "./reader.ts";
export { type RespValue, resp } from "./resp.ts";
export {
  HarnessConfigError,
  parseHarnessConfig,
  type RunHarnessOptions,
  type RuntimeConfig,
  runHarness,
  runStages,
  type StageEntry,
  type StageOutcome,
} from "./runtime.ts";
export type { ExecOptions, Service, ServiceExecResult, ServiceState, Services } from "./services.ts";
export type { ExitInfo } from "./spawned-process.ts";
export { defineStage, type StageContext, type StageDefinition, type StageReturn } from "./stage.ts";
