// The formulary in and out of spreadsheets: import (with a dry run), export of the formulary and
// of a programme's coverage.
import type { Response } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { coverageItemsQuerySchema, idParamsSchema } from '../../../shared/api-schemas.ts';
import { coverageStatusLabels, supplyListLabels, venLabels } from '../../../shared/domain.ts';
import { itemToSheetRow, sheetHeaders, sheetKeys } from '../../../shared/formulary-sheet.ts';
import type { Database } from '../../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { sendCsv } from '../../platform/http/csv.ts';
import { contextOf } from '../../platform/http/request-context.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest, refuseNul } from '../../platform/http/validate.ts';
import { withUpload } from '../../platform/import/file-upload.ts';
import { listCoverageItems } from '../programmes/programmes.service.ts';
import { importFormulary } from './formulary-import.service.ts';
import { findAllItemInputs } from './items.repository.ts';
import { writeXlsx } from '../../platform/spreadsheet/spreadsheet.ts';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const uploadLimits = { fileField: 'file', maxBytes: MAX_UPLOAD_BYTES, maxFields: 10 };

const importFieldsSchema = z.strictObject({
  dryRun: z.enum(['true', 'false']).default('false'),
  mapping: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text === '') return undefined;
      try {
        return z.record(z.string(), z.string()).parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'Debe ser un objeto JSON {"encabezado": "columna"}' });
        return z.NEVER;
      }
    }),
});

const formatSchema = z.enum(['csv', 'xlsx']).default('csv');
const exportQuerySchema = z.strictObject({ format: formatSchema });
const coverageExportQuerySchema = coverageItemsQuerySchema.omit({ page: true, pageSize: true }).extend({ format: formatSchema });

async function sendSheet(
  res: Response,
  format: 'csv' | 'xlsx',
  name: string,
  headers: string[],
  rows: string[][],
) {
  if (format === 'xlsx') {
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
    res.send(await writeXlsx(name, headers, rows));
    return;
  }
  await sendCsv(res, `${name}.csv`, headers, (async function* () {
    yield* rows;
  })());
}

export function formularySheetRoutes(db: Kysely<Database>, clock: Clock): RouteDefinition[] {
  return [
    {
      method: 'post',
      path: '/api/items/import',
      handler: async (req, res) => {
        await withUpload(req, uploadLimits, async ({ file, fields }) => {
          refuseNul({ file: file.name }, 'body');
          const parsed = parseRequest(importFieldsSchema, fields, 'body');
          res.json(await importFormulary(db, contextOf(res), clock(), file, { dryRun: parsed.dryRun === 'true', corrections: parsed.mapping }));
        });
      },
    },
    {
      method: 'get',
      path: '/api/items/export',
      handler: async (req, res) => {
        const { format } = parseRequest(exportQuerySchema, req.query, 'query');
        const items = await findAllItemInputs(db);
        items.sort((a, b) => a.code.localeCompare(b.code));
        const rows = items.map((item) => sheetKeys.map((key) => itemToSheetRow(item)[key]));
        await sendSheet(res, format, 'petitorio', sheetKeys.map((key) => sheetHeaders[key]), rows);
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/coverage/export',
      handler: async (req, res) => {
        const { id } = parseRequest(idParamsSchema, req.params, 'path');
        const { format, ...filters } = parseRequest(coverageExportQuerySchema, req.query, 'query');
        const { items } = await listCoverageItems(db, id, { ...filters, page: 1, pageSize: 1_000_000 });
        const rows = items.map((item) => [
          item.code,
          item.name,
          supplyListLabels[item.supplyList],
          item.therapeuticGroup,
          venLabels[item.ven],
          item.oncology ? 'Sí' : 'No',
          coverageStatusLabels[item.status],
          String(item.lines),
        ]);
        const headers = ['Código', 'Ítem', 'Cartilla', 'Grupo terapéutico', 'VEN', 'Oncológico', 'Cobertura', 'Líneas de compra'];
        await sendSheet(res, format, 'cobertura', headers, rows);
      },
    },
  ];
}
