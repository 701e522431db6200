// Drives participants from outside the browser: sign up, join, clone and push with the real
// git CLI (as api/test/push-to-leaderboard.test.ts does).
import fs from "node:fs";
import path from "node:path";
import { call, git, judged, ROOT, type Stack, signUp, withToken } from "@bsod/api/testing";

type Jam = Parameters<typeof judged>[1];

export const SOLUTION = path.join(ROOT, "challenges/hello/solutions/python");

export interface Participant {
  username: string;
  token: string;
  repo: string;
}

export async function joinAndClone(
  stack: Stack,
  work: string,
  username: string,
  jam = "hello-demo",
): Promise<Participant> {
  const token = await signUp(stack, username);
  const enrolled = await call(stack, "POST", `/jams/${jam}/enroll`, { language: "python" }, token);
  if (enrolled.status !== 201) throw new Error(`enroll failed: ${JSON.stringify(enrolled.body)}`);
  return cloneWith(work, username, token, enrolled.body.cloneUrl as string);
}

export async function cloneWith(work: string, username: string, token: string, cloneUrl: string): Promise<Participant> {
  const cloned = await git(["clone", withToken(cloneUrl, username, token), username], work);
  if (cloned.code !== 0) throw new Error(`clone failed: ${cloned.stderr}`);
  return { username, token, repo: path.join(work, username) };
}

/** Commits the reference solution (files only) on top of the starter. */
export async function commitSolution(p: Participant, message = "solve it") {
  for (const f of fs.readdirSync(SOLUTION)) {
    const from = path.join(SOLUTION, f);
    if (fs.statSync(from).isFile()) fs.copyFileSync(from, path.join(p.repo, f));
  }
  await git(["add", "-A"], p.repo);
  const res = await git(["commit", "-m", message], p.repo);
  if (res.code !== 0) throw new Error(`commit failed: ${res.stderr}`);
}

/** Commits a change that keeps the starter (which fails stage 1). */
export async function commitStarter(p: Participant) {
  fs.appendFileSync(path.join(p.repo, "bsod.yml"), "\n");
  await git(["commit", "-am", "first try"], p.repo);
}

/** Commits a program that passes stage 1 (the greeting) but not stage 2 (echo). */
export async function commitStageOneOnly(p: Participant) {
  fs.writeFileSync(path.join(p.repo, "main.py"), 'print("Hello, BSOD!")\n');
  await git(["commit", "-am", "stage 1"], p.repo);
}

export function push(p: Participant, onLine?: (line: string) => void) {
  return git(["push", "origin", "HEAD:main"], p.repo, onLine);
}

/** The hello track's stages, as boards show them. */
export const HELLO_STAGES = ["hello-world", "echo"];

/**
 * The ICPC freeze case of api/test/unit/reveal.test.ts, frozen at minute 60: who, at which minute
 * of the jam, passed how many of HELLO_STAGES. Replays it as judged results.
 */
export async function judgeFreezeNight(stack: Stack, jam: Jam): Promise<void> {
  for (const [who, minute, passed] of [
    ["ann", 10, 1],
    ["ann", 70, 2],
    ["bob", 20, 1],
    ["bob", 40, 2],
    ["cat", 65, 1],
    ["cat", 80, 2],
    ["dan", 30, 0],
    ["dan", 90, 1],
  ] as const) {
    await judged(stack, jam, who, minute, passed, HELLO_STAGES);
  }
}
