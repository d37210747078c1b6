import { Router } from 'express';
import type { Kysely } from 'kysely';
import { itemsQuerySchema } from '../../shared/api-schemas.ts';
import type { Database } from '../../db/schema.ts';
import { parseRequest } from '../http/validate.ts';
import { listItems, summarizeFormulary } from './items.service.ts';

export function itemsRoutes(db: Kysely<Database>): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const query = parseRequest(itemsQuerySchema, req.query, 'query');
    res.json(await listItems(db, query));
  });

  router.get('/summary', async (_req, res) => {
    res.json(await summarizeFormulary(db));
  });

  return router;
}
