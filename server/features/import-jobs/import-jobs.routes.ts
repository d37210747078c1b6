// A long import's progress, for whoever started it (or any signed-in user), and its cancel.
import type { Kysely } from 'kysely';
import { importJobParamsSchema } from '../../../shared/reconciliation-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { cancelJob, getJob } from './import-jobs.service.ts';

export function importJobsRoutes(db: Kysely<Database>, clock: Clock): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/import-jobs/:id',
      doc: { summary: 'Avance de una importación larga: fase, filas leídas, porcentaje, filas por segundo, y su informe al terminar', params: importJobParamsSchema, response: { status: 200, description: 'El trabajo de importación' } },
      handler: async (req, res) => {
        const { id } = parseRequest(importJobParamsSchema, req.params, 'path');
        res.json(await getJob(db, clock, id));
      },
    },
    {
      method: 'delete',
      path: '/api/import-jobs/:id',
      doc: { summary: 'Cancelar una importación en curso (no queda nada de ella)', params: importJobParamsSchema, response: { status: 200, description: 'El trabajo, con la cancelación pedida' } },
      handler: async (req, res) => {
        const { id } = parseRequest(importJobParamsSchema, req.params, 'path');
        res.json(await cancelJob(db, clock, id));
      },
    },
  ];
}
