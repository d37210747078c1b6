// The formulary in and out of spreadsheets: import (with a dry run) and export.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { itemToSheetRow, sheetHeaders, sheetKeys } from '../../../shared/formulary-sheet.ts';
import type { Database } from '../../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { contextOf } from '../../platform/http/request-context.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest, refuseNul } from '../../platform/http/validate.ts';
import { withUpload } from '../../platform/import/file-upload.ts';
import { importFormulary } from './formulary-import.service.ts';
import { findAllItemInputs } from './items.repository.ts';
import { sendSheet, sheetFormatSchema } from '../../platform/http/send-sheet.ts';

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

const exportQuerySchema = z.strictObject({ format: sheetFormatSchema });

export function formularySheetRoutes(db: Kysely<Database>, clock: Clock): RouteDefinition[] {
  return [
    {
      method: 'post',
      path: '/api/items/import',
      doc: { summary: 'Importar el petitorio desde CSV o XLSX (con simulación)', description: 'Con dryRun=true compara sin aplicar; sin él aplica todas las filas en una transacción o ninguna.', upload: { fileField: uploadLimits.fileField, fields: importFieldsSchema, accept: 'text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, response: { status: 200, description: 'El informe de la importación: columnas, cambios, errores y advertencias' } },
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
      doc: { summary: 'Exportar el petitorio (CSV o XLSX)', query: exportQuerySchema, response: { status: 200, description: 'El petitorio, legible de nuevo por la importación', mediaType: 'spreadsheet' } },
      handler: async (req, res) => {
        const { format } = parseRequest(exportQuerySchema, req.query, 'query');
        const items = await findAllItemInputs(db);
        items.sort((a, b) => a.code.localeCompare(b.code));
        const rows = items.map((item) => sheetKeys.map((key) => itemToSheetRow(item)[key]));
        await sendSheet(res, format, 'petitorio', sheetKeys.map((key) => sheetHeaders[key]), rows);
      },
    },
  ];
}
