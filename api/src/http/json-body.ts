// The request's JSON body, or a 400 that says what is wrong with it (never a 500).
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";

/** `optional`: an empty body reads as {} (routes whose fields all have defaults). */
export async function jsonBody(c: Context<AppEnv>, opts: { optional?: boolean } = {}): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") {
    if (opts.optional) return {};
    throw new ApiError({ code: "bad_request", message: "body: expected a JSON object, got an empty body" });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError({ code: "bad_request", message: `body: not valid JSON (${(err as Error).message})` });
  }
}
