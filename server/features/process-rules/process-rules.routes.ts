import type { Kysely } from 'kysely';
import { idParamsSchema } from '../../../shared/api-schemas.ts';
import { processRulesPutSchema, ruleParamsSchema, ruleViolationsQuerySchema } from '../../../shared/procurement-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { contextOf } from '../../platform/http/request-context.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { getRules, listRuleViolations, putRules } from './process-rules.service.ts';

const fiscalYearOf = (params: unknown) => parseRequest(ruleParamsSchema, params, 'path').fiscalYear;

export function processRulesRoutes(db: Kysely<Database>, clock: Clock): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/process-rules/:fiscalYear',
      doc: { summary: 'Reglas de procesos de un año fiscal', params: ruleParamsSchema, response: { status: 200, description: 'Las reglas; un año sin reglas propias responde las de omisión con versión null (no marcan nada)' } },
      handler: async (req, res) => {
        res.json(await getRules(db, fiscalYearOf(req.params)));
      },
    },
    {
      method: 'put',
      path: '/api/process-rules/:fiscalYear',
      doc: {
        summary: 'Fijar las reglas de procesos de un año fiscal (con la versión leída)',
        description: 'Sin versión crea las reglas del año; con ella las reemplaza. Bienes comunes por subasta inversa y umbrales de valor referencial por tipo de proceso.',
        params: ruleParamsSchema,
        body: processRulesPutSchema,
        response: { status: 200, description: 'Las reglas (201 si son nuevas); 409 con las actuales si la versión es antigua o falta' },
      },
      handler: async (req, res) => {
        const { rules, created } = await putRules(db, contextOf(res), clock(), fiscalYearOf(req.params), req.body);
        res.status(created ? 201 : 200).json(rules);
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/rule-violations',
      doc: {
        summary: 'Líneas y procesos de un programa que incumplen las reglas de su año fiscal',
        description: 'Marcas, nunca bloqueos. Con lineIds, solo las de esas líneas y de los procesos vigentes en que están.',
        params: idParamsSchema,
        query: ruleViolationsQuerySchema,
        response: { status: 200, description: 'Una página de incumplimientos, con la regla y el motivo, y el total' },
      },
      handler: async (req, res) => {
        const { id } = parseRequest(idParamsSchema, req.params, 'path');
        res.json(await listRuleViolations(db, id, parseRequest(ruleViolationsQuerySchema, req.query, 'query')));
      },
    },
  ];
}
