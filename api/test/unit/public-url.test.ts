// A deployment served over https (PUBLIC_URL) gets a Secure session cookie and HSTS, even though
// behind a TLS-terminating proxy every request arrives here as plain http.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InProcessApi, inProcessApi } from "../in-process.ts";

async function signUpCookie(api: InProcessApi, username: string): Promise<string> {
  const res = await api.fetch("/api/v1/auth/signup", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: "correct horse battery" }),
  });
  expect(res.status).toBe(201);
  return res.headers.get("set-cookie") ?? "";
}

describe("an https deployment", () => {
  let https: InProcessApi;
  let http: InProcessApi;
  beforeAll(async () => {
    [https, http] = await Promise.all([
      inProcessApi({ env: { PUBLIC_URL: "https://jam.example.org", BSOD_DEMO: "0" } }),
      inProcessApi({ env: { PUBLIC_URL: "http://localhost:8080", BSOD_DEMO: "0" } }),
    ]);
  });
  afterAll(async () => Promise.all([https?.stop(), http?.stop()]));

  it("is Secure, HttpOnly and SameSite=Lax behind a TLS proxy (PUBLIC_URL https, request http)", async () => {
    const cookie = await signUpCookie(https, "alice");
    expect(cookie).toMatch(/^bsod_session=/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
  });

  it("is not Secure when bsod is served over plain http", async () => {
    const cookie = await signUpCookie(http, "alice");
    expect(cookie).toMatch(/^bsod_session=/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it("sends HSTS only when PUBLIC_URL is https", async () => {
    const secure = await https.fetch("/api/v1/jams");
    expect(secure.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect((await http.fetch("/api/v1/jams")).headers.get("strict-transport-security")).toBeNull();
  });
});
