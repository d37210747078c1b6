import { Router } from 'express';
import type { Kysely } from 'kysely';
import { idParamsSchema, linesQuerySchema } from '../../shared/api-schemas.ts';
import type { Database } from '../../db/schema.ts';
import { parseRequest } from '../http/validate.ts';
import { coverProgramme, listLines, listProgrammes, summarizeProgramme } from './programmes.service.ts';

export function programmesRoutes(db: Kysely<Database>): Router {
  const router = Router();
  const programmeId = (params: unknown) => parseRequest(idParamsSchema, params, 'path').id;

  router.get('/', async (_req, res) => {
    res.json(await listProgrammes(db));
  });

  router.get('/:id/lines', async (req, res) => {
    const id = programmeId(req.params);
    const query = parseRequest(linesQuerySchema, req.query, 'query');
    res.json(await listLines(db, id, query));
  });

  router.get('/:id/summary', async (req, res) => {
    res.json(await summarizeProgramme(db, programmeId(req.params)));
  });

  router.get('/:id/coverage', async (req, res) => {
    res.json(await coverProgramme(db, programmeId(req.params)));
  });

  return router;
}
