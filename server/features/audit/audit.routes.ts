import type { Kysely } from 'kysely';
import { auditActionLabels } from '../../../shared/auth.ts';
import { auditQuerySchema, auditVerifyQuerySchema } from '../../../shared/auth-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import { sendCsv } from '../../platform/http/csv.ts';
import type { RouteDefinition } from '../../platform/http/routes.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { listAudit, streamAuditEntries, toAuditEntry, verifyAudit } from './audit.service.ts';

const exportQuerySchema = auditQuerySchema.omit({ page: true, pageSize: true });

export function auditRoutes(db: Kysely<Database>): RouteDefinition[] {
  return [
    {
      method: 'get',
      path: '/api/audit',
      doc: { summary: 'Registro de auditoría, filtrado y paginado', query: auditQuerySchema, response: { status: 200, description: 'Una página del registro' } },
      handler: async (req, res) => {
        res.json(await listAudit(db, parseRequest(auditQuerySchema, req.query, 'query')));
      },
    },
    {
      method: 'get',
      path: '/api/audit/verify',
      doc: { summary: 'Verificar la cadena de auditoría (y, con id y hash, una constancia anotada)', query: auditVerifyQuerySchema, response: { status: 200, description: 'Si la cadena está íntegra y, si no, la primera fila que no encaja' } },
      handler: async (req, res) => {
        const { id, hash } = parseRequest(auditVerifyQuerySchema, req.query, 'query');
        res.json(await verifyAudit(db, id !== undefined && hash !== undefined ? { id, hash } : undefined));
      },
    },
    {
      method: 'get',
      path: '/api/audit/export',
      doc: { summary: 'Exportar el registro de auditoría filtrado (CSV)', query: exportQuerySchema, response: { status: 200, description: 'El registro en CSV', mediaType: 'text/csv' } },
      handler: async (req, res) => {
        const query = parseRequest(exportQuerySchema, req.query, 'query');
        async function* rows() {
          for await (const batch of streamAuditEntries(db, query)) {
            for (const entry of batch.map(toAuditEntry)) {
              yield [
                entry.id,
                entry.at,
                entry.username,
                auditActionLabels[entry.action],
                entry.entity,
                entry.entityId,
                entry.before === null ? null : JSON.stringify(entry.before),
                entry.after === null ? null : JSON.stringify(entry.after),
                entry.clientAddress,
                entry.requestId,
                entry.hash,
              ];
            }
          }
        }
        await sendCsv(
          res,
          'auditoria.csv',
          ['ID', 'Fecha (UTC)', 'Usuario', 'Acción', 'Entidad', 'ID entidad', 'Antes', 'Después', 'Dirección', 'Solicitud', 'Hash'],
          rows(),
        );
      },
    },
  ];
}
