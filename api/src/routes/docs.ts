import fs from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../errors';

/** The files of swagger-ui-dist the page uses; nothing else in that folder is served. */
const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png']);

/**
 * swagger-ui-dist from node_modules, else a `swagger-ui/` folder beside this code: bundles
 * (the Lambda image) have no node_modules and copy the four files there.
 */
export function findSwaggerUiDir(): string | undefined {
  const candidates: string[] = [];
  try {
    candidates.push(path.dirname(require.resolve('swagger-ui-dist/package.json')));
  } catch {
    // not installed beside this code: try the bundled copy
  }
  candidates.push(path.join(__dirname, 'swagger-ui'));
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'swagger-ui-bundle.js')));
}

// Paths are relative so the page also works under a stage prefix (`/v1/docs`) on API Gateway.
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Telco Churn Prediction API</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
<link rel="icon" type="image/png" href="docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/init.js"></script>
</body>
</html>
`;

// No inline script, so the page runs under a CSP without 'unsafe-inline' for scripts;
// Swagger UI sets inline styles, hence that one exception for styles.
const INIT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: new URL('openapi.json', window.location.href).href,
    dom_id: '#swagger-ui',
    deepLinking: true,
    // The default sends the document to validator.swagger.io: nothing leaves the machine.
    validatorUrl: null,
  });
});
`;

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * The document (~30 ms of joi `describe()` and assembly) and the Swagger UI folder are found on
 * first use, not at start-up: a Lambda cold start should not pay for a page few requests ask for.
 */
export function docsHandlers(buildOpenApi: () => object) {
  let openApiJson: string | undefined;
  let uiDirLookup: { dir: string | undefined } | undefined;
  const uiDir = (): string | undefined => (uiDirLookup ??= { dir: findSwaggerUiDir() }).dir;

  function unavailable(): ApiError {
    return new ApiError(
      404,
      'not_found',
      'Swagger UI is not bundled in this build; GET /openapi.json instead',
    );
  }

  return {
    openApi(_req: Request, res: Response): void {
      openApiJson ??= JSON.stringify(buildOpenApi());
      res.type('application/json').send(openApiJson);
    },
    page(req: Request, res: Response, next: NextFunction): void {
      if (!uiDir()) return next(unavailable());
      // `/docs/` would break the relative asset paths.
      if (req.path.endsWith('/')) return res.redirect(301, '../docs');
      res.set({ 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' });
      res.type('html').send(PAGE);
    },
    init(_req: Request, res: Response): void {
      res.type('application/javascript').send(INIT);
    },
    asset(req: Request, res: Response, next: NextFunction): void {
      const name = String(req.params.asset);
      const dir = uiDir();
      if (!dir || !ASSETS.has(name))
        return next(new ApiError(404, 'not_found', `there is no file /docs/${name}`));
      res.sendFile(path.join(dir, name), { maxAge: '1d' }, (err) => {
        if (err) next(err);
      });
    },
  };
}
