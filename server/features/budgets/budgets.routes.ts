import type { Kysely } from 'kysely';
import { budgetsQuerySchema } from '../../../shared/api-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { listBudgets, listBudgetYears } from './budgets.service.ts';

export function budgetsRoutes(db: Kysely<Database>): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/budgets',
      handler: async (req, res) => {
        const { fiscalYear } = parseRequest(budgetsQuerySchema, req.query, 'query');
        res.json(await listBudgets(db, fiscalYear));
      },
    },
    {
      method: 'get',
      path: '/api/budgets/years',
      handler: async (_req, res) => {
        res.json(await listBudgetYears(db));
      },
    },
  ];
}
