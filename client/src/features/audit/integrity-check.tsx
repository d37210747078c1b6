// "Verificar integridad": asks the server to recompute the hash chain of the audit trail.
import { useState } from 'react';
import type { AuditVerification } from '../../../../shared/auth.ts';
import { getJson, toProblem } from '../../platform/api/api-client.ts';
import { formatDateTime, plural } from '../../platform/lib/format.ts';

type CheckState =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'done'; result: AuditVerification; at: string }
  | { status: 'failed'; message: string };

export function IntegrityCheck() {
  const [state, setState] = useState<CheckState>({ status: 'idle' });

  const verify = async () => {
    setState({ status: 'checking' });
    try {
      const result = await getJson<AuditVerification>('/audit/verify');
      setState({ status: 'done', result, at: new Date().toISOString() });
    } catch (error) {
      const problem = toProblem(error);
      setState({ status: 'failed', message: problem.detail ? `${problem.title}. ${problem.detail}` : problem.title });
    }
  };

  return (
    <div className="integrity">
      <button type="button" className="button button--quiet" onClick={verify} disabled={state.status === 'checking'}>
        {state.status === 'checking' ? 'Verificando…' : 'Verificar integridad'}
      </button>
      <div className="integrity__result" role="status" aria-live="polite" data-testid="integrity-result">
        {state.status === 'done' && state.result.ok ? (
          <p className="check check--ok integrity__badge" title={`Verificado el ${formatDateTime(state.at)}`}>
            <span aria-hidden="true">✓ </span>Cadena íntegra: {plural(state.result.rows, 'registro', 'registros')}
          </p>
        ) : null}
        {state.status === 'done' && !state.result.ok ? (
          <p className="check check--error integrity__badge" title={`Verificado el ${formatDateTime(state.at)}`}>
            <span aria-hidden="true">✗ </span>Cadena rota en el registro #{state.result.brokenAt}
          </p>
        ) : null}
        {state.status === 'failed' ? (
          <p className="check check--error integrity__badge">No se pudo verificar: {state.message}</p>
        ) : null}
      </div>
    </div>
  );
}
