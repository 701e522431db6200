// Test helpers for code that grades in a real sandbox (the grader's own tests, the worker's).
export { brokenHarness, type FixtureOptions, type FixtureStage, fixtureHarness } from "./fixture-harness.ts";
export * from "./helpers.ts";
