// Security headers on every response: a Content-Security-Policy the web app runs under (its own
// scripts, styles, images and API only; no plugins; no <base> or form targets elsewhere), nosniff,
// no framing except the stream overlay (OBS and friends embed it), and HSTS when the deployment
// is served over https (PUBLIC_URL).
import type { MiddlewareHandler } from "hono";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../app-env.ts";
import type { ApiConfig } from "../config.ts";

/** The one page other sites may frame: /jams/<slug>/overlay. */
export const FRAMEABLE = /^\/jams\/[^/]+\/overlay\/?$/;

export function securityHeaders(config: ApiConfig): MiddlewareHandler<AppEnv> {
  const https = config.publicUrl?.startsWith("https:") ?? false;
  const make = (frameable: boolean) =>
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        // NONCE: the small built-in page served when web/dist is missing has one inline script.
        scriptSrc: ["'self'", NONCE],
        styleSrc: ["'self'", NONCE],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: frameable ? ["*"] : ["'none'"],
      },
      xFrameOptions: frameable ? false : "DENY",
      strictTransportSecurity: https ? "max-age=31536000; includeSubDomains" : false,
      referrerPolicy: "same-origin",
      crossOriginResourcePolicy: frameable ? "cross-origin" : "same-origin",
    });
  const framed = make(true);
  const unframed = make(false);
  return async function setSecurityHeaders(c, next) {
    return FRAMEABLE.test(c.req.path) ? framed(c, next) : unframed(c, next);
  };
}
