// The audit filters as they live in the URL (?usuario=&entidad=&id=&accion=&desde=&hasta=) and as
// the API takes them, checked with the API's own schema: a malformed value is dropped (and named)
// instead of reaching the server.
import type { AuditQuery } from '../../../../shared/auth-schemas.ts';
import { auditQuerySchema } from '../../../../shared/auth-schemas.ts';

export type AuditFilters = Omit<AuditQuery, 'page' | 'pageSize'>;
type FilterKey = keyof AuditFilters;

/** URL parameter of each filter. */
export const filterParams: Record<FilterKey, string> = {
  userId: 'usuario',
  entity: 'entidad',
  entityId: 'id',
  action: 'accion',
  from: 'desde',
  to: 'hasta',
};

export const filterLabels: Record<FilterKey, string> = {
  userId: 'Usuario',
  entity: 'Entidad',
  entityId: 'ID',
  action: 'Acción',
  from: 'Desde',
  to: 'Hasta',
};

const filterKeys = Object.keys(filterParams) as FilterKey[];

export function readAuditFilters(params: URLSearchParams): { filters: AuditFilters; ignored: FilterKey[] } {
  const raw: Partial<Record<FilterKey, string>> = {};
  for (const key of filterKeys) {
    const value = params.get(filterParams[key])?.trim();
    if (value) raw[key] = value;
  }
  const ignored: FilterKey[] = [];
  for (let attempt = 0; attempt <= filterKeys.length; attempt += 1) {
    const result = auditQuerySchema.safeParse(raw);
    if (result.success) {
      const { page: _page, pageSize: _pageSize, ...filters } = result.data;
      return { filters, ignored };
    }
    for (const issue of result.error.issues) {
      const key = issue.path[0] as FilterKey | undefined;
      if (key && key in raw) {
        delete raw[key];
        if (!ignored.includes(key)) ignored.push(key);
      }
    }
  }
  return { filters: {}, ignored: filterKeys };
}

export function hasAnyFilter(filters: AuditFilters): boolean {
  return Object.values(filters).some((value) => value !== undefined);
}

/** Every filter param cleared, for "Limpiar filtros". */
export const clearedFilters: Record<string, null> = Object.fromEntries(
  filterKeys.map((key) => [filterParams[key], null]),
);
