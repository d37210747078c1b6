// What an audit entry changed, as readable lines ("Nombre: Ana → Ana María"), from the `before`
// and `after` snapshots the server recorded (any JSON; usually flat objects of one record).
import { isRole, shortRoleLabel } from '../../features/auth/permissions.ts';
import { auditEntityLabels } from '../../../../shared/auth.ts';
import { supplyListLabels, venLabels } from '../../../../shared/domain.ts';
import { fieldLabel, recordFields } from './field-labels.ts';
import { formatDateTime } from './format.ts';

export interface AuditChange {
  /** Readable field name; '' when the snapshot is a single value. */
  field: string;
  kind: 'added' | 'removed' | 'changed';
  before: string;
  after: string;
}


/** An entity's label; a code the trail no longer writes stays as recorded. */
export function entityLabel(entity: string): string {
  return (auditEntityLabels as Record<string, string>)[entity] ?? entity;
}

/** Values of some fields, in words. */
const valueLabels: Record<string, Record<string, string>> = {
  supplyList: supplyListLabels,
  ven: venLabels,
  reason: {
    credentials: 'usuario o contraseña incorrectos',
    inactive: 'usuario inactivo',
    locked: 'bloqueado por intentos fallidos',
  },
};

/** Secrets never reach the screen, whatever the server recorded ("passwordReset: true" is no secret). */
const SECRET_FIELD = /^(password|password_?hash|hash|token|token_?hash|secret)$/i;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export function formatAuditValue(value: unknown, field = ''): string {
  if (value === null || value === undefined) return '—';
  if (SECRET_FIELD.test(field)) return '(oculta)';
  if (typeof value === 'boolean') return value ? 'Sí' : 'No';
  if (typeof value === 'string') {
    if (ISO_INSTANT.test(value)) return formatDateTime(value);
    if (value === '') return '(vacío)';
    return valueLabels[field]?.[value] ?? value;
  }
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '(ninguno)';
    if (field === 'roles' && value.every(isRole)) return value.map(shortRoleLabel).join(', ');
    return value.map((element) => nestedValue(element)).join(', ');
  }
  if (isPlainObject(value)) {
    return Object.entries(value)
      .map(([key, child]) => `${fieldLabel(key)}: ${nestedValue(child, key)}`)
      .join(', ');
  }
  return JSON.stringify(value);
}

/** A value inside a list or a record: a record within is bracketed, so its fields stay apart. */
function nestedValue(value: unknown, field = ''): string {
  const text = formatAuditValue(value, field);
  return isPlainObject(value) ? `(${text})` : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Key-order-insensitive JSON, to compare snapshots. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** The fields that differ between `before` and `after`; all of `after` for a creation. */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const absent = (value: unknown) => value === null || value === undefined;
  if ((isPlainObject(before) || absent(before)) && (isPlainObject(after) || absent(after))) {
    const beforeObject = isPlainObject(before) ? before : {};
    const afterObject = isPlainObject(after) ? after : {};
    // Known fields in a reading order (username, name, roles…), then the rest as recorded.
    const known = recordFields;
    const rank = (key: string) => (known.includes(key) ? known.indexOf(key) : known.length);
    const keys = [...new Set([...Object.keys(afterObject), ...Object.keys(beforeObject)])].sort(
      (a, b) => rank(a) - rank(b),
    );
    const changes: AuditChange[] = [];
    for (const key of keys) {
      const inBefore = key in beforeObject && !absent(before);
      const inAfter = key in afterObject && !absent(after);
      const beforeValue = beforeObject[key];
      const afterValue = afterObject[key];
      if (inBefore && inAfter && canonical(beforeValue) === canonical(afterValue)) continue;
      changes.push({
        field: fieldLabel(key),
        kind: !inBefore ? 'added' : !inAfter ? 'removed' : 'changed',
        before: inBefore ? formatAuditValue(beforeValue, key) : '',
        after: inAfter ? formatAuditValue(afterValue, key) : '',
      });
    }
    return changes;
  }
  if (canonical(before) === canonical(after)) return [];
  return [
    {
      field: '',
      kind: absent(before) ? 'added' : absent(after) ? 'removed' : 'changed',
      before: absent(before) ? '' : formatAuditValue(before),
      after: absent(after) ? '' : formatAuditValue(after),
    },
  ];
}

/** One line of text per change, for titles and plain-text contexts. */
export function describeChange(change: AuditChange): string {
  const prefix = change.field ? `${change.field}: ` : '';
  if (change.kind === 'added') return `${prefix}${change.after}`;
  if (change.kind === 'removed') return `${prefix}${change.before} → (eliminado)`;
  return `${prefix}${change.before} → ${change.after}`;
}
