import type { Kysely } from 'kysely';
import { budgetsQuerySchema } from '../../../shared/api-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { listBudgets, listBudgetYears, putBudget } from './budgets.service.ts';
import { budgetParamsSchema } from '../../../shared/planning-schemas.ts';
import type { Clock } from '../../platform/clock.ts';
import { contextOf } from '../../platform/http/request-context.ts';

export function budgetsRoutes(db: Kysely<Database>, clock: Clock): RouteDefinition[] {
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
    {
      method: 'put',
      path: '/api/budgets/:fiscalYear/:category',
      handler: async (req, res) => {
        const key = parseRequest(budgetParamsSchema, req.params, 'path');
        const { budget, created } = await putBudget(db, contextOf(res), clock(), key, req.body);
        res.status(created ? 201 : 200).json(budget);
      },
    },
  ];
}
