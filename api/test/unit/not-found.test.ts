// Paths nothing serves under /api and /git answer a JSON 404 in the error envelope, never the web app.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, signUp, startStack } from "../stack.ts";

let stack: Stack;
let token: string;

beforeAll(async () => {
  stack = await startStack({ worker: false });
  token = await signUp(stack, "wanderer");
});
afterAll(async () => {
  await stack?.stop();
});

async function expectJson404(res: Response) {
  expect(res.status).toBe(404);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
  expect(body.error.code).toBe("not_found");
  expect(typeof body.error.message).toBe("string");
  expect(body.error.requestId).toBeTruthy();
  return body.error.message as string;
}

describe("unknown paths", () => {
  it("answers an unknown API route with a JSON 404 naming it, for GET and POST", async () => {
    const get = await fetch(`${stack.url}/api/v1/no-such-thing`);
    expect(await expectJson404(get)).toBe("no route GET /api/v1/no-such-thing");
    const nested = await fetch(`${stack.url}/api/v1/jams/hello-demo/no-such-thing`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await expectJson404(nested);
    const post = await fetch(`${stack.url}/api/v1/no-such-thing`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: "{}",
    });
    expect(await expectJson404(post)).toBe("no route POST /api/v1/no-such-thing");
    await expectJson404(await fetch(`${stack.url}/api/v2/jams`));
  });

  it("answers an unknown git path with a JSON 404", async () => {
    await expectJson404(await fetch(`${stack.url}/git/`));
    await expectJson404(await fetch(`${stack.url}/git/wanderer`));
    await expectJson404(await fetch(`${stack.url}/git/wanderer/hello-demo.git/objects/info/packs`));
    const auth = { authorization: `Basic ${Buffer.from(`wanderer:${token}`).toString("base64")}` };
    const missing = await fetch(`${stack.url}/git/nobody/hello-demo.git/info/refs?service=git-upload-pack`, {
      headers: auth,
    });
    expect(await expectJson404(missing)).toBe("repository not found");
  });

  it("still serves the web app for page routes", async () => {
    const page = await fetch(`${stack.url}/jams/hello-demo`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
  });
});
