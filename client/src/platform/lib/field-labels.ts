// Spanish names of the fields the API carries (camelCase codes), for change lists and messages.
import { sheetHeaders } from '../../../../shared/formulary-columns.ts';

/** Fields of the records the audit trail snapshots, in a reading order (username, name, roles…). */
const recordFieldLabels: Record<string, string> = {
  username: 'Usuario',
  fullName: 'Nombre',
  roles: 'Roles',
  active: 'Activo',
  password: 'Contraseña',
  passwordReset: 'Contraseña restablecida',
  passwordChanged: 'Contraseña cambiada',
  until: 'Hasta',
  createdAt: 'Creado',
  lastSignInAt: 'Último ingreso',
  lockedUntil: 'Bloqueado hasta',
  failedSignIns: 'Intentos fallidos',
  expiresAt: 'Vence',
  reason: 'Motivo',
  name: 'Nombre',
  ...sheetHeaders,
  budgetCategory: 'Categoría presupuestal',
  commonGoodSheet: 'Ficha técnica (bien común)',
  version: 'Versión',
  quantity: 'Cantidad',
  unitPrice: 'Precio unitario',
  amount: 'Monto',
  rows: 'Filas',
  id: 'ID',
  // An import batch: the file, its hash and how many items it created, updated and left unchanged.
  file: 'Archivo',
  sha256: 'SHA-256 del archivo',
  created: 'Creados',
  updated: 'Modificados',
  unchanged: 'Sin cambios',
  before: 'Antes',
  after: 'Después',
};

/** Fields only requests carry: query parameters and form fields. */
const requestFieldLabels: Record<string, string> = {
  q: 'Búsqueda',
  page: 'Página',
  pageSize: 'Filas por página',
  sort: 'Orden',
  order: 'Sentido del orden',
  channel: 'Canal',
  segment: 'Segmento',
  process: 'Proceso',
  status: 'Cobertura',
  group: 'Grupo terapéutico',
  by: 'Desglose',
  fiscalYear: 'Año fiscal',
  currentPassword: 'Contraseña actual',
  newPassword: 'Nueva contraseña',
  userId: 'Usuario',
  entity: 'Entidad',
  entityId: 'ID de la entidad',
  action: 'Acción',
  from: 'Desde',
  to: 'Hasta',
  hash: 'Hash',
  dryRun: 'Vista previa',
  mapping: 'Correspondencia de columnas',
  format: 'Formato',
};

export const recordFields = Object.keys(recordFieldLabels);

/** "supplyList" → "Cartilla"; a field without a label stays as it came. */
export function fieldLabel(field: string): string {
  return recordFieldLabels[field] ?? requestFieldLabels[field] ?? field;
}

/** A problem's field, by the label of its first segment: "roles.0" → "Roles". */
export function problemFieldLabel(field: string): string {
  return fieldLabel(field.split('.')[0] ?? field);
}
