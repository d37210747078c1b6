// Frozen: never edit a migration that has shipped; add a new one.
// Deleting a programme cascades to its lines and to its processes, whose process lines cascade
// too; but the cascades run one after another, and the check of process_lines_purchase_line_id_fkey
// (no action) ran once the lines were gone and before the process lines were: a draft programme
// with processes could not be deleted. Checked at commit instead, when every cascade has run. A
// line deleted alone while in a process is still refused (the planning service says so first,
// naming the process).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table process_lines alter constraint process_lines_purchase_line_id_fkey deferrable initially deferred`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table process_lines alter constraint process_lines_purchase_line_id_fkey not deferrable`.execute(db);
}
