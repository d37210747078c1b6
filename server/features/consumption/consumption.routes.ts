// Quantification inputs: one item's consumption, stock and supply parameters, and the three kinds
// of spreadsheet (import with a dry run, export).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { idParamsSchema } from '../../../shared/api-schemas.ts';
import { consumptionPutSchema, consumptionSheetHeaders, consumptionSheetKinds, stockPutSchema, supplyParametersPutSchema } from '../../../shared/consumption-sheet.ts';
import { consumptionExportQuerySchema } from '../../../shared/quantification-api.ts';
import type { Database } from '../../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { contextOf } from '../../platform/http/request-context.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { sendSheet } from '../../platform/http/send-sheet.ts';
import { parseRequest, refuseNul } from '../../platform/http/validate.ts';
import { withUpload } from '../../platform/import/file-upload.ts';
import { MAX_UPLOAD_BYTES } from '../items/formulary-sheet.routes.ts';
import { exportRows, getConsumption, getStock, getSupplyParameters, importConsumptionSheet, putConsumption, putStock, putSupplyParameters } from './consumption.service.ts';

const uploadLimits = { fileField: 'file', maxBytes: MAX_UPLOAD_BYTES, maxFields: 10 };

const importFieldsSchema = z.strictObject({
  kind: z.enum(consumptionSheetKinds, { message: 'Elija «consumption» (consumo mensual), «stock» (existencias) o «parameters» (parámetros)' }).default('consumption'),
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

const sheetNames = { consumption: 'consumo', stock: 'existencias', parameters: 'parametros-de-abastecimiento' } as const;
const itemId = (params: unknown) => parseRequest(idParamsSchema, params, 'path').id;

export function consumptionRoutes(db: Kysely<Database>, clock: Clock): RouteDefinition[] {
  return [
    {
      method: 'post',
      path: '/api/consumption/import',
      doc: {
        summary: 'Importar consumo mensual, existencias o parámetros de abastecimiento desde CSV o XLSX (con simulación)',
        description: 'kind elige el tipo de archivo. Con dryRun=true compara sin aplicar; sin él aplica todas las filas en una transacción o ninguna. Cada error nombra su fila y columna.',
        upload: { fileField: uploadLimits.fileField, fields: importFieldsSchema, accept: 'text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
        response: { status: 200, description: 'El informe de la importación: columnas, cambios, errores y advertencias' },
      },
      handler: async (req, res) => {
        await withUpload(req, uploadLimits, async ({ file, fields }) => {
          refuseNul({ file: file.name }, 'body');
          const parsed = parseRequest(importFieldsSchema, fields, 'body');
          res.json(await importConsumptionSheet(db, contextOf(res), clock(), parsed.kind, file, { dryRun: parsed.dryRun === 'true', corrections: parsed.mapping }));
        });
      },
    },
    {
      method: 'get',
      path: '/api/consumption/export',
      doc: { summary: 'Exportar consumo mensual, existencias o parámetros de abastecimiento (CSV o XLSX)', query: consumptionExportQuerySchema, response: { status: 200, description: 'Las filas, legibles de nuevo por la importación', mediaType: 'spreadsheet' } },
      handler: async (req, res) => {
        const { format, kind } = parseRequest(consumptionExportQuerySchema, req.query, 'query');
        await sendSheet(res, format, sheetNames[kind], consumptionSheetHeaders[kind], await exportRows(db, kind));
      },
    },
    {
      method: 'get',
      path: '/api/items/:id/consumption',
      doc: { summary: 'Consumo mensual de un ítem, por red asistencial', params: idParamsSchema, response: { status: 200, description: 'Los meses registrados, del más antiguo al más reciente' } },
      handler: async (req, res) => {
        res.json(await getConsumption(db, itemId(req.params)));
      },
    },
    {
      method: 'put',
      path: '/api/items/:id/consumption',
      doc: { summary: 'Registrar o corregir meses de consumo de un ítem', description: 'Añade o reemplaza los meses dados; un mes futuro rechaza todo (422).', params: idParamsSchema, body: consumptionPutSchema, response: { status: 200, description: 'Los meses registrados del ítem' } },
      handler: async (req, res) => {
        res.json(await putConsumption(db, contextOf(res), clock(), itemId(req.params), req.body));
      },
    },
    {
      method: 'get',
      path: '/api/items/:id/stock',
      doc: { summary: 'Existencias disponibles y en pedido de un ítem, por red asistencial', params: idParamsSchema, response: { status: 200, description: 'Las posiciones de existencias' } },
      handler: async (req, res) => {
        res.json(await getStock(db, itemId(req.params)));
      },
    },
    {
      method: 'put',
      path: '/api/items/:id/stock',
      doc: { summary: 'Registrar las existencias de un ítem en una red asistencial', params: idParamsSchema, body: stockPutSchema, response: { status: 200, description: 'Las posiciones de existencias del ítem' } },
      handler: async (req, res) => {
        res.json(await putStock(db, contextOf(res), clock(), itemId(req.params), req.body));
      },
    },
    {
      method: 'get',
      path: '/api/items/:id/supply-parameters',
      doc: { summary: 'Parámetros de abastecimiento de un ítem', params: idParamsSchema, response: { status: 200, description: 'Los parámetros, o null si el ítem aún no los tiene (se usan los valores por defecto)' } },
      handler: async (req, res) => {
        res.json(await getSupplyParameters(db, itemId(req.params)));
      },
    },
    {
      method: 'put',
      path: '/api/items/:id/supply-parameters',
      doc: { summary: 'Fijar los parámetros de abastecimiento de un ítem (con la versión leída)', params: idParamsSchema, body: supplyParametersPutSchema, response: { status: 200, description: 'Los parámetros; 409 con los actuales si la versión es antigua' } },
      handler: async (req, res) => {
        res.json(await putSupplyParameters(db, contextOf(res), clock(), itemId(req.params), req.body));
      },
    },
  ];
}
