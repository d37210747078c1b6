import type { Kysely } from 'kysely';
import { idParamsSchema, linesQuerySchema } from '../../../shared/api-schemas.ts';
import { compareQuerySchema, lineParamsSchema, programmeExportQuerySchema, versionQuerySchema } from '../../../shared/planning-schemas.ts';
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
const versionOf = (query: unknown) => parseRequest(versionQuerySchema, query, 'query').version;

export function programmesRoutes(db: Kysely<Database>, clock: Clock): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/programmes',
      handler: async (_req, res) => {
        res.json(await listProgrammes(db));
      },
    },
    {
      method: 'post',
      path: '/api/programmes',
      handler: async (req, res) => {
        res.status(201).json(await createProgramme(db, contextOf(res), clock(), req.body));
      },
    },
    // Before /api/programmes/:id, which would read "compare" as an id.
    {
      method: 'get',
      path: '/api/programmes/compare',
      handler: async (req, res) => {
        res.json(await compareProgrammes(db, parseRequest(compareQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id',
      handler: async (req, res) => {
        res.json(await getProgramme(db, programmeId(req.params)));
      },
    },
    {
      method: 'patch',
      path: '/api/programmes/:id',
      handler: async (req, res) => {
        res.json(await updateProgramme(db, contextOf(res), clock(), programmeId(req.params), req.body));
      },
    },
    {
      method: 'delete',
      path: '/api/programmes/:id',
      handler: async (req, res) => {
        const id = programmeId(req.params);
        await deleteProgramme(db, contextOf(res), clock(), id, versionOf(req.query));
        res.status(204).end();
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/lines',
      handler: async (req, res) => {
        const id = programmeId(req.params);
        res.json(await listLines(db, id, parseRequest(linesQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'post',
      path: '/api/programmes/:id/lines',
      handler: async (req, res) => {
        res.status(201).json(await addLine(db, contextOf(res), clock(), programmeId(req.params), req.body));
      },
    },
    {
      method: 'post',
      path: '/api/programmes/:id/lines/bulk',
      handler: async (req, res) => {
        res.json(await bulkLines(db, contextOf(res), clock(), programmeId(req.params), req.body));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/lines/export',
      handler: async (req, res) => {
        const id = programmeId(req.params);
        await sendLinesSheet(db, res, id, parseRequest(programmeExportQuerySchema, req.query, 'query'));
      },
    },
    {
      method: 'patch',
      path: '/api/programmes/:id/lines/:lineId',
      handler: async (req, res) => {
        const { id, lineId } = lineParams(req.params);
        res.json(await updateLine(db, contextOf(res), clock(), id, lineId, req.body));
      },
    },
    {
      method: 'delete',
      path: '/api/programmes/:id/lines/:lineId',
      handler: async (req, res) => {
        const { id, lineId } = lineParams(req.params);
        await deleteLine(db, contextOf(res), clock(), id, lineId, versionOf(req.query));
        res.status(204).end();
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/summary',
      handler: async (req, res) => {
        res.json(await summarizeProgramme(db, programmeId(req.params)));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/summary/export',
      handler: async (req, res) => {
        const id = programmeId(req.params);
        const { format, separator } = parseRequest(programmeExportQuerySchema.pick({ format: true, separator: true }), req.query, 'query');
        await sendSummarySheet(db, res, id, { format, separator });
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/budget',
      handler: async (req, res) => {
        res.json(await programmeBudget(db, programmeId(req.params)));
      },
    },
  ];
}
