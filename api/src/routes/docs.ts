// The API reference: the OpenAPI document made from the route table (/api/openapi.json) and a
// browsable page of it (/api/docs, Swagger UI served from the api's own node_modules: no CDN).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { type OpenApiDocument, openApiDocument } from "../http/openapi.ts";
import { policy } from "../http/route-policy.ts";

/** Where swagger-ui-dist is installed, found at the first asset request (the api starts without it). */
let swaggerUi: string | undefined;
function swaggerUiDir(): string {
  try {
    swaggerUi ??= path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
    return swaggerUi;
  } catch {
    throw new ApiError({ code: "unavailable", message: "the API reference needs swagger-ui-dist: run npm install" });
  }
}

/** Starts Swagger UI on the document; a file of its own so the page needs no inline script. */
const INIT = `window.ui = SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: false,
});
`;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>bsod API reference</title>
<link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head><body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body></html>`;

const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

/** `app`: the whole app, whose route table the document describes (read at the first request). */
export function docsRoutes(app: { routes: Array<{ method: string; path: string; handler: unknown }> }) {
  const docs = new Hono<AppEnv>();
  let document: OpenApiDocument | undefined;

  docs.get(
    "/openapi.json",
    policy({ access: "anyone", body: "none", summary: "This API's OpenAPI 3.1 document" }),
    (c) => {
      document ??= openApiDocument(app, c.var.deps.config);
      return c.json(document);
    },
  );
  docs.get("/docs", policy({ access: "anyone", body: "none", summary: "The browsable API reference" }), (c) =>
    c.html(PAGE),
  );
  docs.get(
    "/docs/:file",
    policy({ access: "anyone", body: "none", summary: "A file of the API reference page (Swagger UI)" }),
    (c) => {
      const file = c.req.param("file");
      if (file === "init.js") return c.body(INIT, 200, { "content-type": "text/javascript; charset=utf-8" });
      const type = ASSETS[file];
      if (!type) throw new ApiError({ code: "not_found", message: `no file '${file}' in the API reference` });
      return c.body(fs.readFileSync(path.join(swaggerUiDir(), file)), 200, {
        "content-type": type,
        "cache-control": "public, max-age=3600",
      });
    },
  );
  return docs;
}
