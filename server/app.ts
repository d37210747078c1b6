// The HTTP application: API under /api, the built client everywhere else.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { DatabaseKind } from '../db/database.ts';
import { apiDocsRoutes } from './features/api-docs/api-docs.routes.ts';
import { auditRoutes } from './features/audit/audit.routes.ts';
import { authenticate } from './features/auth/authenticate.ts';
import { sessionRoutes } from './features/auth/session.routes.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { budgetsRoutes } from './features/budgets/budgets.routes.ts';
import { coverageRoutes } from './features/coverage/coverage.routes.ts';
import { healthRoutes } from './features/health/health.routes.ts';
import { errorHandler, notFoundHandler } from './platform/http/error-handler.ts';
import { requestContext } from './platform/http/request-context.ts';
import { registerRoutes, type RouteDefinition } from './platform/http/routes.ts';
import { sameOriginWrites } from './platform/http/same-origin.ts';
import { formularySheetRoutes } from './features/items/formulary-sheet.routes.ts';
import { itemsRoutes } from './features/items/items.routes.ts';
import { processesRoutes } from './features/procurement/processes.routes.ts';
import { programmesRoutes } from './features/programmes/programmes.routes.ts';
import { suppliersRoutes } from './features/suppliers/suppliers.routes.ts';
import { processRulesRoutes } from './features/process-rules/process-rules.routes.ts';
import { ocdsRoutes } from './features/ocds/ocds.routes.ts';
import { DEFAULT_OCID_PREFIX } from './features/ocds/ocds-release.ts';
import { usersRoutes } from './features/users/users.routes.ts';
import { consumptionRoutes } from './features/consumption/consumption.routes.ts';
import { quantificationRoutes } from './features/quantification/quantification.routes.ts';
import { executionsRoutes } from './features/executions/executions.routes.ts';
import { importJobsRoutes } from './features/import-jobs/import-jobs.routes.ts';
import { reconciliationRoutes } from './features/reconciliation/reconciliation.routes.ts';

export { ocidPrefixFromEnv } from './features/ocds/ocds-release.ts';

export interface AppOptions {
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
  /** The built client (dist/client); omitted, only the API is served. */
  clientDir?: string | undefined;
  /** The time as the app sees it (tests move it to expire sessions and lockouts). */
  clock?: Clock;
  /**
   * Which proxies in front of the app to believe about the client's address, protocol and host
   * (Express's "trust proxy": a hop count, or addresses and subnets). Unset, none: X-Forwarded-*
   * headers are ignored, so nobody can forge an address to dodge the sign-in throttle.
   */
  trustProxy?: number | string | undefined;
  /** The OCDS ocid prefix (ABASTECE_OCDS_PREFIX); unset, ocds-abastece- until EsSalud registers one. */
  ocidPrefix?: string | undefined;
  /** How long an SAP import request waits for its job before answering 202 (tests force the job path with 0). */
  importWaitMs?: number | undefined;
}

/** TRUST_PROXY from the environment: "1" (hops) or "10.0.0.0/8, loopback" (addresses). */
export function trustProxyFromEnv(value: string | undefined): number | string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

export function apiRoutes({ db, databaseKind, clock = systemClock, ocidPrefix = DEFAULT_OCID_PREFIX, importWaitMs }: AppOptions): RouteDefinition[] {
  const routes: RouteDefinition[] = [
    ...healthRoutes(db, databaseKind),
    ...sessionRoutes(db, clock),
    ...usersRoutes(db, clock),
    ...auditRoutes(db),
    ...formularySheetRoutes(db, clock),
    ...itemsRoutes(db, clock),
    ...programmesRoutes(db, clock),
    ...coverageRoutes(db),
    ...budgetsRoutes(db, clock),
    ...processesRoutes(db, clock),
    ...suppliersRoutes(db, clock),
    ...processRulesRoutes(db, clock),
    ...ocdsRoutes(db, clock, ocidPrefix),
    ...consumptionRoutes(db, clock),
    ...quantificationRoutes(db, clock),
    ...executionsRoutes(db, clock, importWaitMs),
    ...importJobsRoutes(db, clock),
    ...reconciliationRoutes(db, clock),
  ];
  return [...routes, ...apiDocsRoutes(() => routes)];
}

export function createApp(options: AppOptions): Express {
  const { db, clientDir, clock = systemClock, trustProxy } = options;
  const app = express();
  app.disable('x-powered-by');
  if (trustProxy !== undefined) app.set('trust proxy', trustProxy);
  app.set('query parser', 'simple');
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'frame-ancestors': ["'none'"],
          // Served over plain http on localhost too: do not force https on subresources.
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );

  app.use('/api', requestContext, express.json({ limit: '100kb' }), sameOriginWrites, authenticate(db, clock));
  registerRoutes(app, apiRoutes({ ...options, clock }));
  app.use('/api', notFoundHandler);

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
