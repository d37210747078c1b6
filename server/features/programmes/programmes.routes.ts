import type { Kysely } from 'kysely';
import { idParamsSchema, linesQuerySchema } from '../../../shared/api-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { listLines, listProgrammes, summarizeProgramme } from './programmes.service.ts';

const programmeId = (params: unknown) => parseRequest(idParamsSchema, params, 'path').id;

export function programmesRoutes(db: Kysely<Database>): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/programmes',
      doc: { summary: 'Programas de compra', response: { status: 200, description: 'Los programas, el año más reciente primero' } },
      handler: async (_req, res) => {
        res.json(await listProgrammes(db));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/lines',
      doc: { summary: 'Líneas de compra de un programa, filtradas, ordenadas y paginadas', params: idParamsSchema, query: linesQuerySchema, response: { status: 200, description: 'Una página de líneas y el total' } },
      handler: async (req, res) => {
        const id = programmeId(req.params);
        res.json(await listLines(db, id, parseRequest(linesQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/summary',
      doc: { summary: 'Resumen del programa por modalidad, segmento y proceso, frente a lo declarado', params: idParamsSchema, response: { status: 200, description: 'El árbol de totales calculados y declarados' } },
      handler: async (req, res) => {
        res.json(await summarizeProgramme(db, programmeId(req.params)));
      },
    },
  ];
}
