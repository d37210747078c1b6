// What the database refuses, as problem+json: a constraint the request broke, or a race it lost,
// is the client's to fix or retry, never a 5xx. The database is the truth for these rules (a check
// before the write cannot see a concurrent one). Both drivers (pg and PGlite) hand the SQLSTATE in
// `code`, the constraint in `constraint` and, for NOT NULL, the column in `column`; Kysely passes
// their errors through unwrapped.
import { HttpProblem, type FieldError } from './problem.ts';
import { fiscalYears } from '../../../shared/domain.ts';
import { problemTypes } from '../../../shared/problem-types.ts';
import { signOffLockMessage } from '../../../shared/reconciliation.ts';

interface DatabaseError {
  code: string;
  message?: string;
  /** PostgreSQL's DETAIL: for a unique key, "Key (purchase_line_id)=(12) already exists." */
  detail?: string;
  constraint?: string;
  column?: string;
}

interface ConstraintMeaning {
  field: string;
  in?: FieldError['in'];
  /** The Spanish message; `value` is what the request sent for the field, when it did. */
  message: (value: string | undefined, error: DatabaseError) => string;
}

const codeTaken = (value: string | undefined) =>
  value ? `Ya existe un ítem con el código ${value}.` : 'Ya existe un ítem con ese código.';
const usernameTaken = (value: string | undefined) =>
  value ? `El usuario «${value}» ya existe.` : 'Ya existe un usuario con ese nombre.';
const fiscalYearRange = () => `El año fiscal debe estar entre ${fiscalYears.min} y ${fiscalYears.max}.`;

/**
 * The constraints a request can run into, by name, and the API field each guards. Foreign keys
 * are named for the side a request meets: the writes that add a reference check first that its
 * target exists, and keep it until they commit, so what reaches a user is a delete refused.
 */
const constraints: Readonly<Record<string, ConstraintMeaning>> = {
  items_code_key: { field: 'code', message: codeTaken },
  items_code_lower_key: { field: 'code', message: codeTaken },
  items_code_not_blank: { field: 'code', message: () => 'El código no puede estar en blanco.' },
  items_supply_list_check: { field: 'supplyList', message: () => 'Lista de abastecimiento no válida.' },
  items_ven_check: { field: 'ven', message: () => 'Clasificación VEN no válida.' },
  purchase_lines_item_fkey: {
    field: 'id',
    in: 'path',
    message: () => 'Este ítem figura en líneas de compra: desactívelo en lugar de eliminarlo.',
  },
  purchase_lines_item_per_channel: { field: 'itemId', message: () => 'El programa ya tiene una línea de ese ítem por ese canal.' },
  purchase_lines_amount_is_quantity_times_price: {
    field: 'amount',
    message: () => 'El monto debe ser la cantidad por el precio unitario, redondeado al céntimo.',
  },
  purchase_lines_priced_together: { field: 'quantity', message: () => 'Indique la cantidad y el precio unitario juntos.' },
  purchase_lines_priced_unless_unscheduled: {
    field: 'quantity',
    message: () => 'Solo una compra no programada puede ir sin cantidad ni precio.',
  },
  purchase_lines_segment_by_channel: {
    field: 'segment',
    message: () => 'La Compra Corporativa MINSA lleva segmento (Oncológicos o Medicamentos); la Compra EsSalud no.',
  },
  purchase_lines_quantity_check: { field: 'quantity', message: () => 'La cantidad debe ser mayor que cero.' },
  purchase_lines_unit_price_check: { field: 'unitPrice', message: () => 'El precio unitario no puede ser negativo.' },
  purchase_lines_amount_check: { field: 'amount', message: () => 'El monto no puede ser negativo.' },
  programmes_name_key: {
    field: 'name',
    message: (value) => (value ? `Ya existe un programa llamado «${value}».` : 'Ya existe un programa con ese nombre.'),
  },
  programmes_name_not_blank: { field: 'name', message: () => 'El nombre no puede estar en blanco.' },
  programmes_fiscal_year_range: { field: 'fiscalYear', message: fiscalYearRange },
  source_documents_reference_key: {
    field: 'reference',
    message: (value) => (value ? `Ya existe un documento fuente con la referencia «${value}».` : 'Ya existe un documento fuente con esa referencia.'),
  },
  source_documents_title_not_blank: { field: 'title', message: () => 'El título no puede estar en blanco.' },
  source_documents_reference_not_blank: { field: 'reference', message: () => 'La referencia no puede estar en blanco.' },
  declared_figures_one_per_key: { field: 'figures', message: () => 'El documento ya declara esa cifra.' },
  budgets_amount_not_negative: { field: 'amount', message: () => 'El presupuesto no puede ser negativo.' },
  budgets_fiscal_year_range: { field: 'fiscalYear', message: fiscalYearRange },
  programmes_status_check: { field: 'status', message: () => 'Estado no válido.' },
  programmes_source_programme_fkey: { field: 'copyFrom', message: () => 'El programa de origen ya no existe.' },
  items_budget_category_check: { field: 'budgetCategory', message: () => 'Categoría presupuestal no válida.' },
  users_username_key: { field: 'username', message: usernameTaken },
  users_username_lower_key: { field: 'username', message: usernameTaken },
  user_roles_role_check: { field: 'roles', message: () => 'Rol no válido.' },
  procurement_processes_code_unique: {
    field: 'code',
    message: (value) => (value ? `El programa ya tiene un proceso con el código «${value}».` : 'El programa ya tiene un proceso con ese código.'),
  },
  procurement_processes_code_not_blank: { field: 'code', message: () => 'El código no puede estar en blanco.' },
  procurement_processes_title_not_blank: { field: 'title', message: () => 'El título no puede estar en blanco.' },
  // Reached only by a race the service's line locks do not see; the key names the line.
  process_lines_one_live_process: {
    field: 'lineIds',
    message: (_value, error) => {
      const line = /\(purchase_line_id\)=\((\d+)\)/.exec(error.detail ?? '')?.[1];
      return `${line ? `La línea ${line}` : 'Una de las líneas'} ya está en otro proceso: nada se asignó.`;
    },
  },
  process_lines_purchase_line_id_fkey: {
    field: 'lineId',
    in: 'path',
    message: () => 'La línea está en un proceso de selección: retírela del proceso antes de eliminarla.',
  },
  reconciliation_sign_offs_one_in_force: {
    field: 'processType',
    message: () => 'Ya hay una conformidad vigente para ese alcance: un administrador debe reabrirla antes de firmar otra.',
  },
  reconciliation_tolerances_pkey: { field: 'version', message: () => 'Otra persona fijó la tolerancia al mismo tiempo: vuelva a leerla.' },
  executed_lines_purchase_line_id_fkey: { field: 'lineId', message: () => 'La línea planificada ya no existe.' },
  suppliers_ruc_key: { field: 'ruc', message: (value) => (value ? `El RUC ${value} ya está registrado.` : 'Ese RUC ya está registrado.') },
  suppliers_ruc_valid: { field: 'ruc', message: () => 'El RUC no es válido: 11 dígitos con el dígito verificador de SUNAT.' },
  suppliers_name_not_blank: { field: 'name', message: () => 'El nombre no puede estar en blanco.' },
};

/** The rules of a programme's status the database holds, as the trigger names them. */
const notEditable: Readonly<Record<string, string>> = {
  purchase_lines_programme_is_draft: 'Solo se cambian las líneas de un programa en borrador.',
  purchase_lines_programme_fixed: 'Una línea no pasa de un programa a otro.',
  programmes_demo_frozen: 'El programa de demostración reproduce el informe y no cambia: cópielo para planificar.',
  programmes_delete_only_draft: 'Solo se elimina un programa en borrador.',
};

const RETRY_AFTER_SECONDS = 1;

/**
 * A planned line in a live process keeps its channel, segment and process type (trigger
 * purchase_line_in_process, db/migrations/2026-12-04T18-procurement.ts): 409 naming the process,
 * which the trigger's message carries ("purchase line 12 is in process LP SIP 018-2011: …").
 */
function lineInProcess(error: DatabaseError): HttpProblem {
  const [, line, code] = /^purchase line (\d+) is in process (.*): its channel/.exec(error.message ?? '') ?? [];
  const detail = `${line ? `La línea ${line}` : 'La línea'} está en el proceso ${code ? `«${code}»` : 'de selección'}: su modalidad, segmento y tipo de proceso no cambian mientras esté en él. Retírela del proceso primero.`;
  return new HttpProblem(409, problemTypes.conflict, 'Conflicto', detail, [{ field: 'process', in: 'body', message: detail }]);
}

/**
 * A write to lines under a sign-off in force (triggers *_signed_off, db/migrations/
 * 2026-12-04T23-reconciliation-locks.ts): 409 naming the sign-off, which the DETAIL carries as JSON.
 */
function signedOff(error: DatabaseError): HttpProblem {
  let detail = 'Las líneas están conciliadas y conformes: un administrador debe reabrir la conformidad para cambiarlas.';
  try {
    detail = signOffLockMessage(JSON.parse(error.detail ?? ''));
  } catch {
    // A DETAIL that is not the trigger's JSON: the general message.
  }
  return new HttpProblem(409, problemTypes.signedOff, 'Conciliación conforme', detail, [{ field: 'signOff', in: 'body', message: detail }]);
}

function isDatabaseError(error: unknown): error is DatabaseError {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

const camelCase = (column: string) => column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

function fieldErrors(error: DatabaseError, body: unknown): FieldError[] | undefined {
  const meaning = error.constraint === undefined ? undefined : constraints[error.constraint];
  if (meaning) {
    const sent = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[meaning.field] : undefined;
    const value = typeof sent === 'string' && sent.trim() !== '' ? sent.trim() : undefined;
    return [{ field: meaning.field, in: meaning.in ?? 'body', message: meaning.message(value, error) }];
  }
  // Only NOT NULL names a column; columns are the API's fields in snake_case.
  if (error.column) return [{ field: camelCase(error.column), in: 'body', message: 'Obligatorio' }];
  return undefined;
}

const conflict = (detail: string, errors: FieldError[] | undefined) =>
  new HttpProblem(409, problemTypes.conflict, 'Conflicto', errors?.[0]?.message ?? detail, errors);

/** The problem for a database error the client can act on; undefined for any other error. */
export function databaseProblemOf(error: unknown, body: unknown): HttpProblem | undefined {
  if (!isDatabaseError(error)) return undefined;
  switch (error.code) {
    case '23505': // unique_violation
      return conflict('Ya existe un registro con esos datos.', fieldErrors(error, body));
    case '23503': // foreign_key_violation
    case '23001': // restrict_violation: a foreign key on delete restrict, from PostgreSQL 18 on
      return conflict('El registro al que se refiere no existe, o hay otros que se refieren a este.', fieldErrors(error, body));
    case '23514': // check_violation
    case '23502': { // not_null_violation
      const errors = fieldErrors(error, body);
      const fields = errors?.map((fieldError) => fieldError.field).join(', ');
      return new HttpProblem(
        422,
        problemTypes.invalidValue,
        'Valor no válido',
        fields ? `Revise: ${fields}.` : 'Un valor no cumple las reglas de los datos.',
        errors,
      );
    }
    case '55000': // object_not_in_prerequisite_state: a programme not a draft (db/migrations/2026-12-04-planning.ts)
      if (error.constraint === 'purchase_lines_kind_fixed_in_process') return lineInProcess(error);
      if (error.constraint === 'reconciliation_signed_off') return signedOff(error);
      return new HttpProblem(
        409,
        problemTypes.programmeNotEditable,
        'Programa no editable',
        notEditable[error.constraint ?? ''] ?? 'El programa no admite este cambio en su estado actual.',
        [{ field: 'status', in: 'body', message: notEditable[error.constraint ?? ''] ?? 'El programa no admite este cambio.' }],
      );
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
      return new HttpProblem(
        409,
        problemTypes.tryAgain,
        'Operación simultánea',
        'Otra operación cambió los mismos datos al mismo tiempo y esta no se aplicó. Intente de nuevo.',
        undefined,
        { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      );
    default:
      return undefined;
  }
}
