import { sql, type Kysely } from 'kysely';
import type { Health } from '../../../shared/api.ts';
import type { Database } from '../../../db/schema.ts';
import type { DatabaseKind } from '../../../db/database.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';

export function healthRoutes(db: Kysely<Database>, databaseKind: DatabaseKind): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/health',
      doc: { summary: 'Estado del servidor y de su base de datos', response: { status: 200, description: 'El servidor responde y la base de datos también' } },
      handler: async (_req, res) => {
        await sql`select 1`.execute(db);
        const health: Health = { status: 'ok', database: databaseKind };
        res.json(health);
      },
    },
  ];
}
