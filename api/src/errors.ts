// ApiError and the single error handler that turns any thrown error into the JSON error shape.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "pino";
import { ZodError } from "zod";

export type ApiErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "too_many_requests"
  | "unavailable"
  | "internal";

/** The HTTP status each error code is answered with (also listed in the OpenAPI document). */
export const ERROR_STATUS: Record<ApiErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  unavailable: 503,
  internal: 500,
};

export class ApiError extends Error {
  override name = "ApiError";
  readonly code: ApiErrorCode;
  /** Sent as Retry-After (seconds) with a 429 or 503. */
  readonly retryAfterS: number | undefined;
  constructor({ code, message, retryAfterS }: { code: ApiErrorCode; message: string; retryAfterS?: number }) {
    super(message);
    this.code = code;
    this.retryAfterS = retryAfterS;
  }
  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }
}

export function zodMessage(err: ZodError): string {
  const issue = err.issues[0];
  if (!issue) return "invalid request";
  const field = issue.path.length ? issue.path.join(".") : "body";
  return `${field}: ${issue.message}`;
}

/** Error codes of a database (or Redis) that cannot be reached right now: worth retrying. */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08006",
  "SQLITE_BUSY",
]);
const UNREACHABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Connection is closed|connect ECONNREFUSED/;

/** Whether an error means a dependency is unreachable (the request may succeed in a moment). */
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e) return false;
  return (
    (typeof e.code === "string" && UNREACHABLE.has(e.code)) ||
    (typeof e.message === "string" && UNREACHABLE_MESSAGE.test(e.message))
  );
}

export function errorHandler(logger: Logger) {
  return function onError(err: Error, c: Context) {
    const requestId = (c.get("requestId" as never) as string | undefined) ?? "";
    if (err instanceof ApiError) {
      if (err.retryAfterS !== undefined) c.header("retry-after", String(err.retryAfterS));
      return c.json({ error: { code: err.code, message: err.message, requestId } }, err.status);
    }
    if (err instanceof ZodError) {
      return c.json({ error: { code: "bad_request", message: zodMessage(err), requestId } }, 400);
    }
    // decodeURI* on a path or query that is not valid percent-encoding (e.g. /%E0%A4%A).
    if (err instanceof URIError) {
      return c.json({ error: { code: "bad_request", message: `URL: ${err.message}`, requestId } }, 400);
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      const code: ApiErrorCode = status === 401 ? "unauthorized" : status === 403 ? "forbidden" : "bad_request";
      return c.json({ error: { code, message: err.message || "request refused", requestId } }, status);
    }
    if (isUnavailable(err)) {
      logger.warn({ err, requestId, path: c.req.path }, "a dependency is unreachable");
      c.header("retry-after", "5");
      return c.json(
        {
          error: {
            code: "unavailable",
            message: "the server cannot reach its database right now; try again in a few seconds",
            requestId,
          },
        },
        503,
      );
    }
    logger.error({ err, requestId, path: c.req.path }, "unhandled error");
    return c.json({ error: { code: "internal", message: "internal server error", requestId } }, 500);
  };
}

/** The error envelope for a path nothing serves: unknown API and git paths answer JSON, never the web app. */
export function notFound(c: Context, message = `no route ${c.req.method} ${c.req.path}`) {
  const requestId = (c.get("requestId" as never) as string | undefined) ?? "";
  return c.json({ error: { code: "not_found", message, requestId } }, 404);
}
