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
      doc: { summary: 'Cobertura del petitorio por el programa', params: idParamsSchema, query: coverageQuerySchema, response: { status: 200, description: 'Conteos por cartilla y una página de ítems comprados por ambas modalidades' } },
      handler: async (req, res) => {
        const id = programmeId(req.params);
        res.json(await coverProgramme(db, id, parseRequest(coverageQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/coverage/items',
      doc: { summary: 'Ítems con su cobertura, filtrados y paginados', params: idParamsSchema, query: coverageItemsQuerySchema, response: { status: 200, description: 'Una página de ítems y el total' } },
      handler: async (req, res) => {
        const id = programmeId(req.params);
        res.json(await listCoverageItems(db, id, parseRequest(coverageItemsQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/coverage/breakdown',
      doc: { summary: 'Cobertura desglosada por cartilla, grupo terapéutico o VEN', params: idParamsSchema, query: coverageBreakdownQuerySchema, response: { status: 200, description: 'Una fila por valor de la dimensión' } },
      handler: async (req, res) => {
        const id = programmeId(req.params);
        const { by } = parseRequest(coverageBreakdownQuerySchema, req.query, 'query');
        res.json(await breakDownCoverage(db, id, by));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/coverage/export',
      doc: { summary: 'Exportar los ítems con su cobertura (CSV o XLSX)', params: idParamsSchema, query: exportQuerySchema, response: { status: 200, description: 'Los ítems filtrados', mediaType: 'spreadsheet' } },
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
