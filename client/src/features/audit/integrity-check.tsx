// "Verificar integridad": asks the server to recompute the hash chain of the audit trail.
import { problemSummary, toProblem } from '../../platform/api/api-client.ts';
import { formatDateTime, plural } from '../../platform/lib/format.ts';
import { useVerifyAudit } from './audit-queries.ts';

export function IntegrityCheck() {
  const verifying = useVerifyAudit();
  const result = verifying.data;
  const at = `Verificado el ${formatDateTime(new Date(verifying.submittedAt).toISOString())}`;

  return (
    <div className="integrity">
      <button type="button" className="button button--quiet" onClick={() => verifying.mutate({})} disabled={verifying.isPending}>
        {verifying.isPending ? 'Verificando…' : 'Verificar integridad'}
      </button>
      <div className="integrity__result" role="status" aria-live="polite" data-testid="integrity-result">
        {result?.ok ? (
          <p className="check check--ok integrity__badge" title={at}>
            <span aria-hidden="true">✓ </span>Cadena íntegra: {plural(result.rows, 'registro', 'registros')}
          </p>
        ) : null}
        {result && !result.ok ? (
          <p className="check check--error integrity__badge" title={at}>
            <span aria-hidden="true">✗ </span>Cadena rota en el registro #{result.brokenAt}
          </p>
        ) : null}
        {verifying.isError ? (
          <p className="check check--error integrity__badge">No se pudo verificar: {problemSummary(toProblem(verifying.error))}</p>
        ) : null}
      </div>
    </div>
  );
}
