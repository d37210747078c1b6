import type { Kysely } from 'kysely';
import { idParamsSchema } from '../../../shared/api-schemas.ts';
import { versionQuerySchema } from '../../../shared/planning-schemas.ts';
import {
  executedLineParamsSchema,
  executedLinesQuerySchema,
  manualMatchBodySchema,
  reconciliationExportQuerySchema,
  reconciliationLinesQuerySchema,
  reopenBodySchema,
  signOffBodySchema,
  signOffParamsSchema,
  toleranceBodySchema,
} from '../../../shared/reconciliation-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { contextOf } from '../../platform/http/request-context.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { requireProgramme } from '../programmes/programmes.service.ts';
import { listExecutedLines, matchAutomatically, matchByHand, rematch } from './matching.service.ts';
import { sendReconciliationWorkbook } from './reconciliation-export.service.ts';
import { readTolerance, reconciliationLines, reconciliationSummary, setTolerance } from './reconciliation.service.ts';
import { createSignOff, reopenSignOff } from './sign-offs.service.ts';

const programmeId = (params: unknown) => parseRequest(idParamsSchema, params, 'path').id;

export function reconciliationRoutes(db: Kysely<Database>, clock: Clock): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/programmes/:id/reconciliation',
      doc: { summary: 'Conciliación del programa: declarado, planificado y ejecutado por canal, segmento, tipo de proceso y proceso', description: 'Diferencia = ejecutado − planificado (positiva: sobregasto); % redondeado half up a dos decimales; tolerancia, líneas sin conciliar y conformidades.', params: idParamsSchema, response: { status: 200, description: 'El árbol en profundidad, los totales, lo no conciliado y las conformidades' } },
      handler: async (req, res) => {
        res.json(await reconciliationSummary(db, programmeId(req.params)));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/reconciliation/lines',
      doc: { summary: 'Líneas planificadas con lo ejecutado contra cada una, filtradas y paginadas', params: idParamsSchema, query: reconciliationLinesQuerySchema, response: { status: 200, description: 'Una página de líneas con su diferencia, porcentaje y tolerancia, y el total' } },
      handler: async (req, res) => {
        const id = programmeId(req.params);
        res.json(await reconciliationLines(db, id, parseRequest(reconciliationLinesQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/executions',
      doc: { summary: 'Líneas ejecutadas (órdenes de compra de SAP) del programa, filtradas y paginadas', description: 'Las no conciliadas llevan las líneas planificadas que podrían corresponderles.', params: idParamsSchema, query: executedLinesQuerySchema, response: { status: 200, description: 'Una página de líneas ejecutadas y el total' } },
      handler: async (req, res) => {
        const id = programmeId(req.params);
        res.json(await listExecutedLines(db, id, parseRequest(executedLinesQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'put',
      path: '/api/programmes/:id/executions/:lineId/match',
      doc: { summary: 'Conciliar a mano una línea ejecutada con una línea planificada, o con ninguna', params: executedLineParamsSchema, body: manualMatchBodySchema, response: { status: 200, description: 'La línea ejecutada; 409 si la versión es antigua o las líneas están conformes' } },
      handler: async (req, res) => {
        const { id, lineId } = parseRequest(executedLineParamsSchema, req.params, 'path');
        res.json(await matchByHand(db, contextOf(res), clock(), id, lineId, req.body));
      },
    },
    {
      method: 'delete',
      path: '/api/programmes/:id/executions/:lineId/match',
      doc: { summary: 'Devolver una línea ejecutada a la conciliación automática', params: executedLineParamsSchema, query: versionQuerySchema, response: { status: 200, description: 'La línea ejecutada, conciliada de nuevo automáticamente (o sin conciliar)' } },
      handler: async (req, res) => {
        const { id, lineId } = parseRequest(executedLineParamsSchema, req.params, 'path');
        const { version } = parseRequest(versionQuerySchema, req.query, 'query');
        res.json(await matchAutomatically(db, contextOf(res), clock(), id, lineId, version));
      },
    },
    {
      method: 'post',
      path: '/api/programmes/:id/reconciliation/rematch',
      doc: { summary: 'Conciliar de nuevo automáticamente las líneas ejecutadas del programa', description: 'Tras cambiar las líneas planificadas; no toca las conciliadas a mano ni las conformes.', params: idParamsSchema, response: { status: 200, description: 'Cuántas líneas ejecutadas quedan conciliadas automáticamente' } },
      handler: async (req, res) => {
        res.json(await rematch(db, contextOf(res), clock(), programmeId(req.params)));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/reconciliation/tolerance',
      doc: { summary: 'Tolerancia de la conciliación del programa (importe y %)', params: idParamsSchema, response: { status: 200, description: 'La tolerancia; 0 y 0 con versión 0 mientras no se fije' } },
      handler: async (req, res) => {
        res.json(await readTolerance(db, programmeId(req.params)));
      },
    },
    {
      method: 'put',
      path: '/api/programmes/:id/reconciliation/tolerance',
      doc: { summary: 'Fijar la tolerancia de la conciliación (con la versión leída)', params: idParamsSchema, body: toleranceBodySchema, response: { status: 200, description: 'La tolerancia; 409 con la actual si la versión es antigua' } },
      handler: async (req, res) => {
        res.json(await setTolerance(db, contextOf(res), clock(), programmeId(req.params), req.body));
      },
    },
    {
      method: 'post',
      path: '/api/programmes/:id/reconciliation/sign-offs',
      doc: { summary: 'Dar conforme la conciliación de un proceso, o de un canal, segmento y tipo de proceso', description: 'Bloquea sus líneas planificadas y ejecutadas hasta que un administrador la reabra; 409 si se superpone con otra vigente.', params: idParamsSchema, body: signOffBodySchema, response: { status: 201, description: 'La conformidad, con lo planificado y ejecutado al firmarla' } },
      handler: async (req, res) => {
        res.status(201).json(await createSignOff(db, contextOf(res), clock(), programmeId(req.params), req.body));
      },
    },
    {
      method: 'delete',
      path: '/api/programmes/:id/reconciliation/sign-offs/:signOffId',
      doc: { summary: 'Reabrir una conformidad (queda registrada, con el motivo)', params: signOffParamsSchema, body: reopenBodySchema, response: { status: 200, description: 'La conformidad reabierta' } },
      handler: async (req, res) => {
        const { id, signOffId } = parseRequest(signOffParamsSchema, req.params, 'path');
        res.json(await reopenSignOff(db, contextOf(res), clock(), id, signOffId, req.body));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/reconciliation/export',
      doc: { summary: 'Libro de la conciliación (XLSX): resumen, líneas y no conciliado', params: idParamsSchema, query: reconciliationExportQuerySchema, response: { status: 200, description: 'Tres hojas: «Resumen», «Líneas» y «Sin conciliar»', mediaType: 'spreadsheet' } },
      handler: async (req, res) => {
        const id = programmeId(req.params);
        parseRequest(reconciliationExportQuerySchema, req.query, 'query');
        await requireProgramme(db, id);
        await sendReconciliationWorkbook(db, res, id);
      },
    },
  ];
}
