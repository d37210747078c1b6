// Loading and error states shared by every view.
import type { UseQueryResult } from '@tanstack/react-query';
import type { ProblemDetails } from '../../../../shared/api.ts';
import { toProblem } from '../api/api-client.ts';
import { problemFieldLabel } from '../lib/field-labels.ts';

export function LoadingState({ label = 'Cargando…', rows = 4 }: { label?: string; rows?: number }) {
  return (
    <div className="loading-state" role="status" aria-live="polite">
      <p className="loading-state__label">{label}</p>
      <div className="skeleton" aria-hidden="true">
        {Array.from({ length: rows }, (_, index) => (
          <div key={index} className="skeleton__bar" />
        ))}
      </div>
    </div>
  );
}

export function ErrorAlert({
  problem,
  onRetry,
  context,
}: {
  problem: ProblemDetails;
  onRetry?: () => void;
  /** What was being loaded, e.g. "el petitorio". */
  context?: string;
}) {
  // Field errors that only repeat the detail add nothing.
  const fieldErrors = (problem.errors ?? []).filter((fieldError) => fieldError.message !== problem.detail);
  return (
    <div className="alert alert--error" role="alert">
      <p className="alert__title">
        {context ? `No se pudo cargar ${context}: ` : ''}
        {problem.title}
        {problem.status > 0 ? <span className="alert__status"> (HTTP {problem.status})</span> : null}
      </p>
      {problem.detail ? <p className="alert__detail">{problem.detail}</p> : null}
      {fieldErrors.length > 0 ? (
        <ul className="alert__list">
          {fieldErrors.map((fieldError, index) => (
            <li key={`${fieldError.in}-${fieldError.field}-${index}`}>
              {problemFieldLabel(fieldError.field)}: {fieldError.message}
            </li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Reintentar
        </button>
      ) : null}
    </div>
  );
}

/** A read that failed, with "Reintentar"; nothing while it has not. */
export function QueryErrorAlert({ query, context }: { query: Pick<UseQueryResult, 'error' | 'refetch'>; context?: string }) {
  if (!query.error) return null;
  return <ErrorAlert problem={toProblem(query.error)} onRetry={() => void query.refetch()} context={context} />;
}
