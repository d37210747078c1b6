import type { Kysely } from 'kysely';
import { idParamsSchema } from '../../../shared/api-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { sendOcdsPackage } from './ocds.service.ts';

export function ocdsRoutes(db: Kysely<Database>, clock: Clock, ocidPrefix: string): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/programmes/:id/ocds',
      doc: {
        summary: 'Publicar los procesos del programa en OCDS 1.1 (paquete de releases, un release por proceso)',
        description:
          'Open Contracting Data Standard, como lo publica el SEACE: comprador EsSalud (RUC 20131257750), MINSA como entidad contratante de las compras corporativas, ' +
          'proveedores con identificador PE-RUC, montos en PEN escritos exactamente como sus decimales. Se descarga como archivo; 409 si el programa no tiene procesos.',
        params: idParamsSchema,
        response: { status: 200, description: 'El paquete de releases OCDS (JSON)' },
      },
      handler: async (req, res) => {
        const { id } = parseRequest(idParamsSchema, req.params, 'path');
        await sendOcdsPackage(db, req, res, id, { ocidPrefix, now: clock() });
      },
    },
  ];
}
