// Every API route is declared as data, so the one authorisation policy (auth/policy.ts) can be
// checked against the complete list: a route without a policy stops the app from starting. The
// same declarations, with their `doc`, make the OpenAPI document (openapi.ts).
import type { Express, RequestHandler } from 'express';
import type { z } from 'zod';
import { authorize } from '../../features/auth/authorize.ts';
import { policy, type RouteKey } from '../../features/auth/policy.ts';
import { refuseNulInput } from './validate.ts';

export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** What a route takes and gives, for the API reference; the schemas are the ones its handler parses with. */
export interface RouteDoc {
  /** One line, in Spanish (the API reference page shows it). */
  summary: string;
  description?: string;
  params?: z.ZodObject;
  query?: z.ZodType;
  /** A JSON body. */
  body?: z.ZodType;
  /** A multipart/form-data upload: the file's field and the other fields. */
  upload?: { fileField: string; fields: z.ZodObject; accept: string };
  /** The success response: status, what it is, and its media type (none for 204). */
  response: { status: 200 | 201 | 204; description: string; mediaType?: 'application/json' | 'text/csv' | 'spreadsheet' };
}

export interface RouteDefinition {
  method: Method;
  /** Express path, starting with /api. */
  path: string;
  doc: RouteDoc;
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
