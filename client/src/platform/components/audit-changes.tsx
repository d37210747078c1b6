// The before → after of an audit entry, one line per changed field.
import type { AuditEntryDto } from '../../../../shared/auth.ts';
import { auditChanges, describeChange } from '../lib/audit-changes.ts';

export function AuditChanges({
  entry,
  compact = false,
}: {
  entry: Pick<AuditEntryDto, 'before' | 'after'>;
  /** In a table row: at most a few lines, the rest in the tooltip. */
  compact?: boolean;
}) {
  const changes = auditChanges(entry.before, entry.after);
  if (changes.length === 0) return <span className="muted">—</span>;
  const limit = compact ? 3 : changes.length;
  const shown = changes.slice(0, limit);
  const hidden = changes.length - shown.length;

  return (
    <ul
      className={`changes${compact ? ' changes--compact' : ''}`}
      title={compact ? changes.map(describeChange).join('\n') : undefined}
    >
      {shown.map((change, index) => (
        <li key={`${change.field}-${index}`} className={`changes__item changes__item--${change.kind}`}>
          {change.field ? <span className="changes__field">{change.field}: </span> : null}
          {change.kind === 'added' ? (
            <ins className="changes__after">{change.after}</ins>
          ) : change.kind === 'removed' ? (
            <>
              <del className="changes__before">{change.before}</del>
              <span className="visually-hidden"> (eliminado)</span>
            </>
          ) : (
            <>
              <del className="changes__before">{change.before}</del>
              <span className="changes__arrow" aria-hidden="true">
                {' → '}
              </span>
              <span className="visually-hidden"> cambió a </span>
              <ins className="changes__after">{change.after}</ins>
            </>
          )}
        </li>
      ))}
      {hidden > 0 ? (
        <li className="changes__more muted">
          y {hidden} {hidden === 1 ? 'cambio más' : 'cambios más'}
        </li>
      ) : null}
    </ul>
  );
}
