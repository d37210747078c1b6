import type { Kysely } from 'kysely';
import { itemsQuerySchema } from '../../shared/api-schemas.ts';
import type { Database } from '../../db/schema.ts';
import type { RouteDefinition } from '../http/routes.ts';
import { parseRequest } from '../http/validate.ts';
import { listItems, summarizeFormulary } from './items.service.ts';

export function itemsRoutes(db: Kysely<Database>): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/items',
      handler: async (req, res) => {
        res.json(await listItems(db, parseRequest(itemsQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'get',
      path: '/api/items/summary',
      handler: async (_req, res) => {
        res.json(await summarizeFormulary(db));
      },
    },
  ];
}
