// Executed purchase orders from SAP (issue 13): the import of an export (a job when it runs long),
// the batches it made, and undoing one.
import { setTimeout as delay } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { idParamsSchema } from '../../../shared/api-schemas.ts';
import { batchParamsSchema, executionImportFieldsSchema } from '../../../shared/reconciliation-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { ConflictProblem } from '../../platform/http/problem.ts';
import { contextOf } from '../../platform/http/request-context.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest, refuseNul } from '../../platform/http/validate.ts';
import { withUpload } from '../../platform/import/file-upload.ts';
import { getJob, listProgrammeJobs } from '../import-jobs/import-jobs.service.ts';
import { listBatches, requireProgramme, startExecutionImport, undoBatch } from './executions.service.ts';

/** A million-row ME2N export is some 150 MB as CSV; room for wide layouts. */
export const MAX_EXECUTION_UPLOAD_BYTES = 512 * 1024 * 1024;
/** How long the request waits for its import before answering 202 with the job. */
export const DEFAULT_IMPORT_WAIT_MS = 1_500;

const uploadLimits = { fileField: 'file', maxBytes: MAX_EXECUTION_UPLOAD_BYTES, maxFields: 10 };

export function executionsRoutes(db: Kysely<Database>, clock: Clock, importWaitMs = DEFAULT_IMPORT_WAIT_MS): RouteDefinition[] {
  return [
    {
      method: 'post',
      path: '/api/programmes/:id/executions/import',
      doc: {
        summary: 'Importar líneas de órdenes de compra ejecutadas desde una exportación de SAP (ME2N/ME2M/ME2L; CSV o XLSX)',
        description:
          'Con dryRun=true informa sin aplicar; sin él aplica todas las filas en una transacción o ninguna (422 con el informe si hay errores). ' +
          'El mismo archivo dos veces no cambia nada (duplicateOf). Si tarda, responde 202 con el trabajo (Location: /api/import-jobs/{id}) para seguir su avance.',
        params: idParamsSchema,
        upload: { fileField: uploadLimits.fileField, fields: executionImportFieldsSchema, accept: 'text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
        response: { status: 200, description: 'El informe de la importación (o 202 con el trabajo de importación en curso)' },
      },
      handler: async (req, res) => {
        const { id } = parseRequest(idParamsSchema, req.params, 'path');
        await requireProgramme(db, id);
        await withUpload(req, uploadLimits, async ({ file, fields }) => {
          refuseNul({ file: file.name }, 'body');
          const parsed = parseRequest(executionImportFieldsSchema, fields, 'body');
          const job = await startExecutionImport(db, contextOf(res), clock, id, file, { dryRun: parsed.dryRun === 'true', corrections: parsed.mapping });
          const outcome = await Promise.race([job.done, delay(importWaitMs, null, { ref: false })]);
          if (outcome === null) {
            res.status(202).location(`/api/import-jobs/${job.id}`).json(await getJob(db, clock, job.id));
            // The upload's file stays until the job is over.
            await job.done;
            return;
          }
          if (outcome.status === 'failed') throw outcome.error;
          if (outcome.status === 'cancelled') throw new ConflictProblem('La importación se canceló; no se aplicó nada.');
          res.json(outcome.report);
        });
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/executions/import-jobs',
      doc: { summary: 'Las últimas importaciones de ejecución del programa (en curso o terminadas)', params: idParamsSchema, response: { status: 200, description: 'Los trabajos, del más reciente al más antiguo' } },
      handler: async (req, res) => {
        const { id } = parseRequest(idParamsSchema, req.params, 'path');
        await requireProgramme(db, id);
        res.json(await listProgrammeJobs(db, clock, id));
      },
    },
    {
      method: 'get',
      path: '/api/programmes/:id/executions/batches',
      doc: { summary: 'Lotes de ejecución importados en el programa', params: idParamsSchema, response: { status: 200, description: 'Los lotes, del más reciente al más antiguo' } },
      handler: async (req, res) => {
        const { id } = parseRequest(idParamsSchema, req.params, 'path');
        res.json(await listBatches(db, id));
      },
    },
    {
      method: 'delete',
      path: '/api/programmes/:id/executions/batches/:batchId',
      doc: { summary: 'Deshacer un lote de ejecución (borra el lote y sus líneas)', params: batchParamsSchema, response: { status: 204, description: 'Lote deshecho' } },
      handler: async (req, res) => {
        const { id, batchId } = parseRequest(batchParamsSchema, req.params, 'path');
        await undoBatch(db, contextOf(res), clock(), id, batchId);
        res.status(204).end();
      },
    },
  ];
}
