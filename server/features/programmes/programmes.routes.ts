import type { Kysely } from 'kysely';
import { idParamsSchema, linesQuerySchema } from '../../../shared/api-schemas.ts';
import {
  bulkLinesSchema,
  compareQuerySchema,
  lineCreateSchema,
  lineParamsSchema,
  linePatchSchema,
  programmeCreateSchema,
  programmeExportQuerySchema,
  programmePatchSchema,
  versionQuerySchema,
} from '../../../shared/planning-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { contextOf } from '../../platform/http/request-context.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { compareProgrammes } from './programme-compare.service.ts';
import { sendLinesSheet, sendSummarySheet } from './programme-sheets.service.ts';
import {
  addLine,
  bulkLines,
  createProgramme,
  deleteLine,
  deleteProgramme,
  getProgramme,
  listLines,
  listProgrammes,
  programmeBudget,
  summarizeProgramme,
  updateLine,
  updateProgramme,
} from './programmes.service.ts';

const programmeId = (params: unknown) => parseRequest(idParamsSchema, params, 'path').id;
const lineParams = (params: unknown) => parseRequest(lineParamsSchema, params, 'path');
const summaryExportQuerySchema = programmeExportQuerySchema.pick({ format: true, separator: true });
const versionOf = (query: unknown) => parseRequest(versionQuerySchema, query, 'query').version;

export function programmesRoutes(db: Kysely<Database>, clock: Clock): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/programmes',
      doc: { summary: 'Programas de compra', response: { status: 200, description: 'Los programas, el año más reciente primero' } },
      handler: async (_req, res) => {
        res.json(await listProgrammes(db));
      },
    },
    {
      method: 'post',
      path: '/api/programmes',
      doc: { summary: 'Crear un programa, vacío o como copia de otro', description: 'Un borrador nuevo; con copyFrom lleva todas las líneas de ese programa, con sus montos, y queda enlazado a él.', body: programmeCreateSchema, response: { status: 201, description: 'El programa creado' } },
      handler: async (req, res) => {
        res.status(201).json(await createProgramme(db, contextOf(res), clock(), req.body));
      },
    },
    // Before /api/programmes/:id, which would read "compare" as an id.
    {
      method: 'get',
      path: '/api/programmes/compare',
      doc: { summary: 'Comparar dos programas: líneas añadidas, quitadas y cambiadas, y el resumen lado a lado', query: compareQuerySchema, response: { status: 200, description: 'Las tres listas paginadas con sus conteos y las diferencias por modalidad, segmento y proceso' } },
      handler: async (req, res) => {
        res.json(await compareProgrammes(db, parseRequest(compareQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id',
      doc: { summary: 'Un programa de compra', params: idParamsSchema, response: { status: 200, description: 'El programa, con su estado, versión y origen' } },
      handler: async (req, res) => {
        res.json(await getProgramme(db, programmeId(req.params)));
      },
    },
    {
      method: 'patch',
      path: '/api/programmes/:id',
      doc: { summary: 'Renombrar, cambiar el año fiscal, aprobar, cerrar o reabrir un programa (con la versión leída)', description: 'Nombre y año cambian solo en un borrador; reabrir es solo para administradores.', params: idParamsSchema, body: programmePatchSchema, response: { status: 200, description: 'El programa; 409 con el registro actual si la versión es antigua' } },
      handler: async (req, res) => {
        res.json(await updateProgramme(db, contextOf(res), clock(), programmeId(req.params), req.body));
      },
    },
    {
      method: 'delete',
      path: '/api/programmes/:id',
      doc: { summary: 'Eliminar un programa en borrador y sus líneas', params: idParamsSchema, query: versionQuerySchema, response: { status: 204, description: 'Programa eliminado' } },
      handler: async (req, res) => {
        const id = programmeId(req.params);
        await deleteProgramme(db, contextOf(res), clock(), id, versionOf(req.query));
        res.status(204).end();
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/lines',
      doc: { summary: 'Líneas de compra de un programa, filtradas, ordenadas y paginadas', params: idParamsSchema, query: linesQuerySchema, response: { status: 200, description: 'Una página de líneas y el total' } },
      handler: async (req, res) => {
        const id = programmeId(req.params);
        res.json(await listLines(db, id, parseRequest(linesQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'post',
      path: '/api/programmes/:id/lines',
      doc: { summary: 'Añadir una línea de compra a un borrador', description: 'El monto es cantidad × precio unitario redondeado al céntimo (mitad hacia arriba); no se envía.', params: idParamsSchema, body: lineCreateSchema, response: { status: 201, description: 'La línea creada, con id, versión y monto' } },
      handler: async (req, res) => {
        res.status(201).json(await addLine(db, contextOf(res), clock(), programmeId(req.params), req.body));
      },
    },
    {
      method: 'post',
      path: '/api/programmes/:id/lines/bulk',
      doc: { summary: 'Mover o eliminar muchas líneas a la vez, todas o ninguna', description: 'Las líneas por sus ids o por el filtro de la lista; set cambia modalidad, segmento o proceso, delete las elimina.', params: idParamsSchema, body: bulkLinesSchema, response: { status: 200, description: 'Cuántas líneas cambiaron' } },
      handler: async (req, res) => {
        res.json(await bulkLines(db, contextOf(res), clock(), programmeId(req.params), req.body));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/lines/export',
      doc: { summary: 'Exportar las líneas del programa (CSV o XLSX), con fila de totales', params: idParamsSchema, query: programmeExportQuerySchema, response: { status: 200, description: 'Las líneas filtradas', mediaType: 'spreadsheet' } },
      handler: async (req, res) => {
        const id = programmeId(req.params);
        await sendLinesSheet(db, res, id, parseRequest(programmeExportQuerySchema, req.query, 'query'));
      },
    },
    {
      method: 'patch',
      path: '/api/programmes/:id/lines/:lineId',
      doc: { summary: 'Modificar una línea (con la versión leída)', params: lineParamsSchema, body: linePatchSchema, response: { status: 200, description: 'La línea; 409 con la línea actual si la versión es antigua' } },
      handler: async (req, res) => {
        const { id, lineId } = lineParams(req.params);
        res.json(await updateLine(db, contextOf(res), clock(), id, lineId, req.body));
      },
    },
    {
      method: 'delete',
      path: '/api/programmes/:id/lines/:lineId',
      doc: { summary: 'Eliminar una línea de un borrador', params: lineParamsSchema, query: versionQuerySchema, response: { status: 204, description: 'Línea eliminada' } },
      handler: async (req, res) => {
        const { id, lineId } = lineParams(req.params);
        await deleteLine(db, contextOf(res), clock(), id, lineId, versionOf(req.query));
        res.status(204).end();
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/summary',
      doc: { summary: 'Resumen del programa por modalidad, segmento y proceso, frente a lo declarado', params: idParamsSchema, response: { status: 200, description: 'El árbol de totales calculados y declarados' } },
      handler: async (req, res) => {
        res.json(await summarizeProgramme(db, programmeId(req.params)));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/summary/export',
      doc: { summary: 'Exportar el resumen del programa (CSV o XLSX)', params: idParamsSchema, query: summaryExportQuerySchema, response: { status: 200, description: 'El resumen por modalidad, segmento y proceso', mediaType: 'spreadsheet' } },
      handler: async (req, res) => {
        const id = programmeId(req.params);
        const { format, separator } = parseRequest(summaryExportQuerySchema, req.query, 'query');
        await sendSummarySheet(db, res, id, { format, separator });
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/budget',
      doc: { summary: 'El programa frente al presupuesto: techo, planificado y saldo por categoría', params: idParamsSchema, response: { status: 200, description: 'Una fila por categoría, con aviso (nunca bloqueo) cuando lo planificado supera el techo' } },
      handler: async (req, res) => {
        res.json(await programmeBudget(db, programmeId(req.params)));
      },
    },
  ];
}
