// Reconciliation (issue 13): purchase-order lines executed in SAP R/3, imported in batches from
// ME2N exports, matched to a programme's planned lines, compared within a tolerance, and signed
// off by finance. What must always hold is held here:
// - an executed line's unit price and amount follow from its net price, price unit and quantity
//   (generated: SAP's Net Price is the price of `price_unit` units), half up, exactly;
// - a (purchasing document, item) pair is executed once per programme, however SAP padded it;
// - a batch is one file: the same content twice in a programme is refused by its hash;
// - a match names its kind, and a manual match who made it;
// - a scope has at most one sign-off in force (one not reopened).
// Import jobs are the progress of long imports, shared by every app server through this table.
import { sql, type Kysely } from 'kysely';

const channels = sql`('minsa_corporate', 'essalud')`;
const segments = sql`('oncology', 'medicines')`;
const types = sql`('reverse_auction', 'conventional', 'unscheduled')`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('execution_batches')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('amount', sql`numeric(18,2)`, (c) => c.notNull())
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull())
    .addColumn('imported_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('imported_by_name', 'text')
    .addCheckConstraint('execution_batches_sha256_hex', sql`sha256 ~ '^[0-9a-f]{64}$'`)
    .addCheckConstraint('execution_batches_rows_positive', sql`rows > 0`)
    .addUniqueConstraint('execution_batches_file_once', ['programme_id', 'sha256'])
    .execute();

  await db.schema
    .createTable('executed_lines')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('execution_batches.id').onDelete('cascade'))
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    // The row of the file it came from (the header is row 1).
    .addColumn('row_number', 'integer', (c) => c.notNull())
    // As written, leading zeros kept; the keys compare them as SAP pads them (0045000123 = 45000123).
    .addColumn('purchasing_document', 'text', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('document_key', 'text', (c) => c.notNull().generatedAlwaysAs(sql`ltrim(purchasing_document, '0')`).stored())
    .addColumn('item_key', 'text', (c) => c.notNull().generatedAlwaysAs(sql`ltrim(item, '0')`).stored())
    .addColumn('document_date', 'date', (c) => c.notNull())
    // null: a text or service line without material, which matches no planned item by itself.
    .addColumn('material', 'text')
    // Compared with items.code_key (SAP pads numeric materials with zeros).
    .addColumn('material_key', 'text', (c) => c.generatedAlwaysAs(sql`item_code_key(material)`).stored())
    // The selection process the export names, when it has such a column.
    .addColumn('process_code', 'text')
    .addColumn('short_text', 'text', (c) => c.notNull())
    .addColumn('order_quantity', sql`numeric(18,4)`, (c) => c.notNull())
    .addColumn('order_unit', 'text', (c) => c.notNull())
    .addColumn('net_price', sql`numeric(16,2)`, (c) => c.notNull())
    .addColumn('price_unit', sql`numeric(12,0)`, (c) => c.notNull())
    // Half up, computed on integers so that it is exact: div truncates, and every term is ≥ 0.
    .addColumn('unit_price', sql`numeric(18,4)`, (c) =>
      c.notNull().generatedAlwaysAs(sql`div(net_price * 20000 + price_unit, price_unit * 2) / 10000`).stored(),
    )
    .addColumn('amount', sql`numeric(18,2)`, (c) =>
      c.notNull().generatedAlwaysAs(sql`div(order_quantity * net_price * 200 + price_unit, price_unit * 2) / 100`).stored(),
    )
    // As SAP computed it, kept to show where it differs from `amount`.
    .addColumn('net_order_value', sql`numeric(18,2)`)
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('vendor', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('vendor_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('plant', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('still_to_deliver_quantity', sql`numeric(18,4)`)
    .addColumn('still_to_deliver_value', sql`numeric(18,2)`)
    .addColumn('still_to_invoice_quantity', sql`numeric(18,4)`)
    .addColumn('still_to_invoice_value', sql`numeric(18,2)`)
    .addColumn('purchase_line_id', 'integer', (c) => c.references('purchase_lines.id').onDelete('set null'))
    .addColumn('match_kind', 'text')
    .addColumn('matched_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('matched_at', 'timestamptz')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('executed_lines_currency_pen', sql`currency = 'PEN'`)
    .addCheckConstraint('executed_lines_quantity_not_negative', sql`order_quantity >= 0`)
    .addCheckConstraint('executed_lines_net_price_not_negative', sql`net_price >= 0`)
    .addCheckConstraint('executed_lines_price_unit_positive', sql`price_unit >= 1`)
    .addCheckConstraint('executed_lines_keys_present', sql`document_key <> '' and item_key ~ '^[0-9]+$'`)
    // A manual match may also say "matches nothing" (purchase_line_id null): the user looked and decided.
    .addCheckConstraint('executed_lines_match_kind', sql`match_kind in ('auto', 'manual')`)
    .addCheckConstraint('executed_lines_auto_match_has_line', sql`match_kind is distinct from 'auto' or purchase_line_id is not null`)
    .addCheckConstraint('executed_lines_manual_match_signed', sql`match_kind is distinct from 'manual' or matched_at is not null`)
    .execute();
  await sql`create unique index executed_lines_pair_once on executed_lines (programme_id, document_key, item_key)`.execute(db);
  await db.schema.createIndex('executed_lines_batch_idx').on('executed_lines').column('batch_id').execute();
  await db.schema.createIndex('executed_lines_material_idx').on('executed_lines').columns(['programme_id', 'material_key']).execute();
  await db.schema.createIndex('executed_lines_purchase_line_idx').on('executed_lines').column('purchase_line_id').execute();
  await sql`create trigger executed_lines_bump_version before update on executed_lines
    for each row execute function bump_version()`.execute(db);

  // Per programme: a line, or a node of the tree, is within tolerance when its difference is at
  // most `amount` in soles and at most `percent` of what was planned (both, as SAP's tolerance keys).
  await db.schema
    .createTable('reconciliation_tolerances')
    .addColumn('programme_id', 'integer', (c) => c.primaryKey().references('programmes.id').onDelete('cascade'))
    .addColumn('amount', sql`numeric(14,2)`, (c) => c.notNull())
    .addColumn('percent', sql`numeric(5,2)`, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('reconciliation_tolerances_amount_not_negative', sql`amount >= 0`)
    .addCheckConstraint('reconciliation_tolerances_percent_range', sql`percent between 0 and 100`)
    .execute();
  await sql`create trigger reconciliation_tolerances_bump_version before update on reconciliation_tolerances
    for each row execute function bump_version()`.execute(db);

  // What a sign-off covers: a channel's (and segment's, for MINSA) lines of one process type, or
  // one process's lines. A reopened sign-off stays on record.
  await db.schema
    .createTable('reconciliation_sign_offs')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('segment', 'text')
    .addColumn('process_type', 'text')
    .addColumn('process_id', 'integer', (c) => c.references('procurement_processes.id').onDelete('cascade'))
    .addColumn('comment', 'text', (c) => c.notNull())
    // The figures signed, as they stood: what a later change would be compared with.
    .addColumn('planned', sql`numeric(18,2)`, (c) => c.notNull())
    .addColumn('executed', sql`numeric(18,2)`, (c) => c.notNull())
    .addColumn('signed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('signed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('signed_by_name', 'text', (c) => c.notNull())
    .addColumn('reopened_at', 'timestamptz')
    .addColumn('reopened_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reopened_by_name', 'text')
    .addColumn('reopen_comment', 'text')
    .addCheckConstraint('reconciliation_sign_offs_channel', sql`channel in ${channels}`)
    .addCheckConstraint('reconciliation_sign_offs_segment', sql`segment is null or (segment in ${segments} and channel = 'minsa_corporate')`)
    .addCheckConstraint('reconciliation_sign_offs_type', sql`process_type is null or process_type in ${types}`)
    .addCheckConstraint('reconciliation_sign_offs_process_has_type', sql`process_id is null or process_type is not null`)
    .addCheckConstraint('reconciliation_sign_offs_comment', sql`btrim(comment) <> ''`)
    .addCheckConstraint(
      'reconciliation_sign_offs_reopened_together',
      sql`(reopened_at is null) = (reopened_by_name is null) and (reopened_at is null) = (reopen_comment is null)`,
    )
    .execute();
  await sql`
    create unique index reconciliation_sign_offs_one_in_force on reconciliation_sign_offs
      (programme_id, channel, coalesce(segment, ''), coalesce(process_type, ''), coalesce(process_id, 0))
      where reopened_at is null
  `.execute(db);

  await db.schema
    .createTable('import_jobs')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('programme_id', 'integer', (c) => c.references('programmes.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_bytes', 'bigint', (c) => c.notNull())
    .addColumn('dry_run', 'boolean', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('running'))
    .addColumn('phase', 'text', (c) => c.notNull().defaultTo('reading'))
    .addColumn('bytes_read', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cancel_requested', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    // Written while the job runs: a running job whose heartbeat stopped was interrupted (a crash).
    .addColumn('heartbeat_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    // The import's report (or its problem) once finished.
    .addColumn('result', 'jsonb')
    .addCheckConstraint('import_jobs_status', sql`status in ('running', 'succeeded', 'failed', 'cancelled')`)
    .addCheckConstraint('import_jobs_finished', sql`(status = 'running') = (finished_at is null)`)
    .execute();
  await db.schema.createIndex('import_jobs_programme_idx').on('import_jobs').columns(['programme_id', 'started_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_jobs').execute();
  await db.schema.dropTable('reconciliation_sign_offs').execute();
  await db.schema.dropTable('reconciliation_tolerances').execute();
  await db.schema.dropTable('executed_lines').execute();
  await db.schema.dropTable('execution_batches').execute();
}
