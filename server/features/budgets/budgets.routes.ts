import type { Kysely } from 'kysely';
import { budgetsQuerySchema } from '../../../shared/api-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { listBudgets, listBudgetYears, putBudget } from './budgets.service.ts';
import { budgetParamsSchema, budgetPutSchema } from '../../../shared/planning-schemas.ts';
import type { Clock } from '../../platform/clock.ts';
import { contextOf } from '../../platform/http/request-context.ts';

export function budgetsRoutes(db: Kysely<Database>, clock: Clock): RouteDefinition[] {
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
    {
      method: 'put',
      path: '/api/budgets/:fiscalYear/:category',
      doc: { summary: 'Fijar el techo de una categoría en un año fiscal (con la versión leída)', params: budgetParamsSchema, body: budgetPutSchema, response: { status: 200, description: 'El presupuesto (201 si es nuevo); 409 con el actual si la versión es antigua o falta' } },
      handler: async (req, res) => {
        const key = parseRequest(budgetParamsSchema, req.params, 'path');
        const { budget, created } = await putBudget(db, contextOf(res), clock(), key, req.body);
        res.status(created ? 201 : 200).json(budget);
      },
    },
  ];
}
