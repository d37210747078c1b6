// Users, roles and the audit trail: codes, labels, and the types the API returns. Zod-free (see
// auth-schemas.ts for what the API accepts).

export const roles = ['admin', 'logistics', 'pharmacy', 'finance', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  admin: 'Administración',
  logistics: 'Logística (programación de compras)',
  pharmacy: 'Farmacia (petitorio)',
  finance: 'Finanzas (conciliación y presupuesto)',
  viewer: 'Consulta (solo lectura)',
};

export const MIN_PASSWORD_LENGTH = 12;

export interface SessionUser {
  id: number;
  username: string;
  fullName: string;
  roles: Role[];
}

export interface SessionDto {
  user: SessionUser;
  /** When the session ends at the latest, whatever the activity (ISO 8601). */
  expiresAt: string;
}

export interface UserDto extends SessionUser {
  active: boolean;
  createdAt: string;
  lastSignInAt: string | null;
  /**
   * Until this moment failed sign-ins keep the account refused from at least one address (the one
   * they came from, or every address it is not usually used from); null when refused nowhere.
   */
  lockedUntil: string | null;
}

export const auditActions = [
  'create',
  'update',
  'delete',
  'import',
  'sign_in',
  'sign_out',
  'sign_in_failed',
  'role_change',
  'password_change',
  'password_change_failed',
  'approve',
  'close',
  'reopen',
  'sign_off',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditActionLabels: Record<AuditAction, string> = {
  create: 'Creación',
  update: 'Modificación',
  delete: 'Eliminación',
  import: 'Importación',
  sign_in: 'Inicio de sesión',
  sign_out: 'Cierre de sesión',
  sign_in_failed: 'Inicio de sesión fallido',
  role_change: 'Cambio de roles',
  password_change: 'Cambio de contraseña',
  password_change_failed: 'Cambio de contraseña fallido',
  approve: 'Aprobación',
  close: 'Cierre',
  reopen: 'Reapertura',
  sign_off: 'Conformidad',
};

/** What the audit trail records the changes of (its `entity` column). */
export const auditEntities = ['user', 'session', 'item', 'programme', 'purchase_line', 'source_document', 'declared_figure', 'budget', 'procurement_process', 'process_line', 'supplier', 'process_rules', 'consumption_record', 'stock_position', 'supply_parameters', 'execution_batch', 'executed_line', 'reconciliation_tolerance', 'reconciliation_sign_off'] as const;
export type AuditEntity = (typeof auditEntities)[number];

export const auditEntityLabels: Record<AuditEntity, string> = {
  user: 'Usuario',
  session: 'Sesión',
  item: 'Ítem',
  programme: 'Programa',
  purchase_line: 'Línea de compra',
  source_document: 'Documento fuente',
  declared_figure: 'Cifra declarada',
  budget: 'Presupuesto',
  procurement_process: 'Proceso de selección',
  process_line: 'Línea en proceso',
  supplier: 'Proveedor',
  process_rules: 'Reglas de procesos',
  consumption_record: 'Consumo mensual',
  stock_position: 'Existencias',
  supply_parameters: 'Parámetros de abastecimiento',
  execution_batch: 'Lote de ejecución SAP',
  executed_line: 'Línea ejecutada',
  reconciliation_tolerance: 'Tolerancia de conciliación',
  reconciliation_sign_off: 'Conformidad de conciliación',
};

export interface AuditEntryDto {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  action: AuditAction;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  clientAddress: string | null;
  hash: string;
}

export interface AuditPage {
  entries: AuditEntryDto[];
  total: number;
}

/**
 * One change in the history of a record (an item, a user): when, who, what changed. Without the
 * request's address, id and hash, which only the audit trail's readers need.
 */
export type RecordHistoryEntryDto = Pick<AuditEntryDto, 'id' | 'at' | 'username' | 'action' | 'before' | 'after'>;

export interface RecordHistoryPage {
  entries: RecordHistoryEntryDto[];
  total: number;
}

/**
 * The newest row of the trail. Written down outside the database (a report, a minute), it is an
 * anchor: a later check that the row still has that hash proves nothing before it was rewritten,
 * even by someone who recomputed the whole chain.
 */
export interface AuditAnchor {
  id: number;
  hash: string;
}

export type AuditVerification = (
  | { ok: true; rows: number }
  | { ok: false; /** The first row that breaks the chain, or the anchor that no longer holds. */ brokenAt: number; rows: number }
) & {
  head: AuditAnchor | null;
  /** The anchor asked about, and whether its row still has that hash. */
  anchor?: AuditAnchor & { holds: boolean };
};
