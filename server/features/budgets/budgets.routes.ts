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
      doc: { summary: 'Presupuesto de materiales estratégicos de un año fiscal', query: budgetsQuerySchema, response: { status: 200, description: 'Montos por categoría, frente a lo declarado' } },
      handler: async (req, res) => {
        const { fiscalYear } = parseRequest(budgetsQuerySchema, req.query, 'query');
        res.json(await listBudgets(db, fiscalYear));
      },
    },
    {
      method: 'get',
      path: '/api/budgets/years',
      doc: { summary: 'Años fiscales con presupuesto y sus documentos fuente', response: { status: 200, description: 'Los años' } },
      handler: async (_req, res) => {
        res.json(await listBudgetYears(db));
      },
    },
  ];
}
