// Every API route is declared as data, so the one authorisation policy (auth/policy.ts) can be
// checked against the complete list: a route without a policy stops the app from starting.
import type { Express, RequestHandler } from 'express';
import { authorize } from '../../features/auth/authorize.ts';
import { policy, type RouteKey } from '../../features/auth/policy.ts';
import { refuseNulInput } from './validate.ts';

export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface RouteDefinition {
  method: Method;
  /** Express path, starting with /api. */
  path: string;
  /** Runs after the authorisation guard, so nothing (not even an upload) is read for a refused caller. */
  handler: RequestHandler | RequestHandler[];
}

export const routeKey = (route: Pick<RouteDefinition, 'method' | 'path'>) =>
  `${route.method.toUpperCase()} ${route.path}`;

export function registerRoutes(app: Express, routes: readonly RouteDefinition[]): void {
  for (const route of routes) {
    const key = routeKey(route);
    if (!(key in policy)) throw new Error(`Route ${key} has no authorisation policy (server/features/auth/policy.ts)`);
    // U+0000 is refused on every route before its handler: PostgreSQL cannot store it in text.
    app[route.method](route.path, authorize(policy[key as RouteKey]), refuseNulInput, ...[route.handler].flat());
  }
}
