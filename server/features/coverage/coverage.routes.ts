import type { Kysely } from 'kysely';
import {
  coverageBreakdownQuerySchema,
  coverageItemsQuerySchema,
  coverageQuerySchema,
  idParamsSchema,
} from '../../../shared/api-schemas.ts';
import { coverageStatusLabels, supplyListLabels, venLabels } from '../../../shared/domain.ts';
import type { Database } from '../../../db/schema.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { sendSheet, sheetFormatSchema } from '../../platform/http/send-sheet.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { breakDownCoverage, coverProgramme, listAllCoverageItems, listCoverageItems } from './coverage.service.ts';

const programmeId = (params: unknown) => parseRequest(idParamsSchema, params, 'path').id;

const exportQuerySchema = coverageItemsQuerySchema.omit({ page: true, pageSize: true }).extend({ format: sheetFormatSchema });

const exportHeaders = ['Código', 'Ítem', 'Cartilla', 'Grupo terapéutico', 'VEN', 'Oncológico', 'Cobertura', 'Líneas de compra'];

export function coverageRoutes(db: Kysely<Database>): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/programmes/:id/coverage',
      handler: async (req, res) => {
        const id = programmeId(req.params);
        res.json(await coverProgramme(db, id, parseRequest(coverageQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/coverage/items',
      handler: async (req, res) => {
        const id = programmeId(req.params);
        res.json(await listCoverageItems(db, id, parseRequest(coverageItemsQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/coverage/breakdown',
      handler: async (req, res) => {
        const id = programmeId(req.params);
        const { by } = parseRequest(coverageBreakdownQuerySchema, req.query, 'query');
        res.json(await breakDownCoverage(db, id, by));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/coverage/export',
      handler: async (req, res) => {
        const id = programmeId(req.params);
        const { format, ...filters } = parseRequest(exportQuerySchema, req.query, 'query');
        const rows = (await listAllCoverageItems(db, id, filters)).map((item) => [
          item.code,
          item.name,
          supplyListLabels[item.supplyList],
          item.therapeuticGroup,
          venLabels[item.ven],
          item.oncology ? 'Sí' : 'No',
          coverageStatusLabels[item.status],
          String(item.lines),
        ]);
        await sendSheet(res, format, 'cobertura', exportHeaders, rows);
      },
    },
  ];
}
