// The HTTP application: API under /api, the built client everywhere else.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { DatabaseKind } from '../db/database.ts';
import { budgetsRoutes } from './budgets/budgets.routes.ts';
import { healthRoutes } from './health/health.routes.ts';
import { errorHandler, notFoundHandler } from './http/error-handler.ts';
import { itemsRoutes } from './items/items.routes.ts';
import { programmesRoutes } from './programmes/programmes.routes.ts';

export interface AppOptions {
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
  /** The built client (dist/client); omitted, only the API is served. */
  clientDir?: string | undefined;
}

export function createApp({ db, databaseKind, clientDir }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  const api = express.Router();
  api.use(express.json({ limit: '1mb' }));
  api.use('/health', healthRoutes(db, databaseKind));
  api.use('/items', itemsRoutes(db));
  api.use('/programmes', programmesRoutes(db));
  api.use('/budgets', budgetsRoutes(db));
  api.use(notFoundHandler);
  app.use('/api', api);

  if (clientDir && existsSync(join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: false, maxAge: '1h', setHeaders: noCacheForHtml }));
    // Client-side routes (/petitorio, /programas/1…) all load the single page.
    app.get('/{*path}', (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(clientDir, 'index.html'));
    });
  }

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

function noCacheForHtml(res: express.Response, path: string) {
  if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}
