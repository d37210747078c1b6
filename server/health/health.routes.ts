import { Router } from 'express';
import { sql, type Kysely } from 'kysely';
import type { Health } from '../../shared/api.ts';
import type { Database } from '../../db/schema.ts';
import type { DatabaseKind } from '../../db/database.ts';

export function healthRoutes(db: Kysely<Database>, databaseKind: DatabaseKind): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    await sql`select 1`.execute(db);
    const health: Health = { status: 'ok', database: databaseKind };
    res.json(health);
  });
  return router;
}
