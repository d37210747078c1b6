import type { Kysely } from 'kysely';
import { idParamsSchema } from '../../../shared/api-schemas.ts';
import { versionQuerySchema } from '../../../shared/planning-schemas.ts';
import {
  assignLinesSchema,
  pageQuerySchema,
  processCreateSchema,
  processesQuerySchema,
  processLineParamsSchema,
  processLinePatchSchema,
  processParamsSchema,
  processPatchSchema,
  savingsQuerySchema,
} from '../../../shared/procurement-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { contextOf } from '../../platform/http/request-context.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import {
  assignLines,
  createProcess,
  getProcess,
  listProcesses,
  listProcessLines,
  releaseLine,
  updateProcess,
  updateProcessLine,
} from './processes.service.ts';
import { programmeSavings } from './savings.service.ts';

const programmeId = (params: unknown) => parseRequest(idParamsSchema, params, 'path').id;
const processId = (params: unknown) => parseRequest(processParamsSchema, params, 'path').processId;
const lineParams = (params: unknown) => parseRequest(processLineParamsSchema, params, 'path');

export function processesRoutes(db: Kysely<Database>, clock: Clock): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/programmes/:id/processes',
      doc: { summary: 'Procesos de selección de un programa, filtrados y paginados', params: idParamsSchema, query: processesQuerySchema, response: { status: 200, description: 'Una página de procesos, por código, con sus valores referencial y adjudicado, y el total' } },
      handler: async (req, res) => {
        const id = programmeId(req.params);
        res.json(await listProcesses(db, id, parseRequest(processesQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'post',
      path: '/api/programmes/:id/processes',
      doc: { summary: 'Crear un proceso de selección en un programa en borrador o aprobado', description: 'El código es único en el programa (sin distinguir mayúsculas); el proceso nace programado.', params: idParamsSchema, body: processCreateSchema, response: { status: 201, description: 'El proceso creado, con id, estado y versión' } },
      handler: async (req, res) => {
        res.status(201).json(await createProcess(db, contextOf(res), clock(), programmeId(req.params), req.body));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/savings',
      doc: { summary: 'Ahorro del programa: por proceso (paginado), por tipo de proceso, por modalidad y total', description: 'Referencial frente a adjudicado sobre las líneas adjudicadas; las líneas sin adjudicación se cuentan aparte.', params: idParamsSchema, query: savingsQuerySchema, response: { status: 200, description: 'Montos exactos al céntimo y porcentaje redondeado a dos decimales' } },
      handler: async (req, res) => {
        const id = programmeId(req.params);
        res.json(await programmeSavings(db, id, parseRequest(savingsQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'get',
      path: '/api/processes/:processId',
      doc: { summary: 'Un proceso de selección, con su programa y su historial de estados', params: processParamsSchema, response: { status: 200, description: 'El proceso y cada cambio de estado: quién y cuándo' } },
      handler: async (req, res) => {
        res.json(await getProcess(db, processId(req.params)));
      },
    },
    {
      method: 'patch',
      path: '/api/processes/:processId',
      doc: { summary: 'Modificar un proceso o cambiar su estado (con la versión leída)', description: 'El estado cambia solo según las transiciones permitidas; desierto y nulo liberan sus líneas.', params: processParamsSchema, body: processPatchSchema, response: { status: 200, description: 'El proceso; 409 con el proceso actual si la versión es antigua' } },
      handler: async (req, res) => {
        res.json(await updateProcess(db, contextOf(res), clock(), processId(req.params), req.body));
      },
    },
    {
      method: 'get',
      path: '/api/processes/:processId/lines',
      doc: { summary: 'Líneas de un proceso, con precio referencial y adjudicación, paginadas', params: processParamsSchema, query: pageQuerySchema, response: { status: 200, description: 'Una página de líneas, por código de ítem, y el total' } },
      handler: async (req, res) => {
        const id = processId(req.params);
        res.json(await listProcessLines(db, id, parseRequest(pageQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'post',
      path: '/api/processes/:processId/lines',
      doc: { summary: 'Asignar líneas del programa al proceso, todas o ninguna', description: 'Cada línea debe ser del programa del proceso, no estar en otro proceso vivo y coincidir en modalidad, segmento y tipo de proceso.', params: processParamsSchema, body: assignLinesSchema, response: { status: 200, description: 'El proceso con sus nuevos totales' } },
      handler: async (req, res) => {
        res.json(await assignLines(db, contextOf(res), clock(), processId(req.params), req.body));
      },
    },
    {
      method: 'patch',
      path: '/api/processes/:processId/lines/:lineId',
      doc: { summary: 'Precio referencial y adjudicación de una línea del proceso', description: 'Un RUC no registrado crea el proveedor con supplierName; la cantidad adjudicada es la de la línea si no se indica.', params: processLineParamsSchema, body: processLinePatchSchema, response: { status: 200, description: 'La línea del proceso; 409 con la línea actual si la versión es antigua' } },
      handler: async (req, res) => {
        const { processId: id, lineId } = lineParams(req.params);
        res.json(await updateProcessLine(db, contextOf(res), clock(), id, lineId, req.body));
      },
    },
    {
      method: 'delete',
      path: '/api/processes/:processId/lines/:lineId',
      doc: { summary: 'Retirar una línea del proceso (programado o convocado)', params: processLineParamsSchema, query: versionQuerySchema, response: { status: 204, description: 'Línea retirada: vuelve a estar sin asignar' } },
      handler: async (req, res) => {
        const { processId: id, lineId } = lineParams(req.params);
        await releaseLine(db, contextOf(res), clock(), id, lineId, parseRequest(versionQuerySchema, req.query, 'query').version);
        res.status(204).end();
      },
    },
  ];
}
