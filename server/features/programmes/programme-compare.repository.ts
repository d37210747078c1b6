// Two programmes' lines matched by item and channel (a programme holds one line per item and
// channel: purchase_lines_item_per_channel, whose index serves every lookup here).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';

type Db = Kysely<Database>;

export interface Page {
  limit: number;
  offset: number;
}

/** Lines of `from` with no line of the same item and channel in `against`: a page of ids, by item code, and their count. */
export async function findUnmatchedLines(db: Db, from: number, against: number, page: Page): Promise<{ ids: number[]; total: number }> {
  const unmatched = sql`
    from purchase_lines l join items on items.id = l.item_id
    where l.programme_id = ${from}
      and not exists (select 1 from purchase_lines m where m.programme_id = ${against} and m.item_id = l.item_id and m.channel = l.channel)`;
  const [rows, count] = await Promise.all([
    sql<{ id: number }>`select l.id ${unmatched} order by items.code, l.channel, l.id limit ${page.limit} offset ${page.offset}`.execute(db),
    sql<{ total: number }>`select count(*)::int as total ${unmatched}`.execute(db),
  ]);
  return { ids: rows.rows.map((row) => row.id), total: count.rows[0]!.total };
}

/** Pairs of lines of the same item and channel whose segment, process, quantity, price or amount differ. */
export async function findChangedLines(
  db: Db,
  base: number,
  other: number,
  page: Page,
): Promise<{ pairs: { beforeId: number; afterId: number }[]; total: number }> {
  const changed = sql`
    from purchase_lines b
    join purchase_lines o on o.programme_id = ${other} and o.item_id = b.item_id and o.channel = b.channel
    join items on items.id = b.item_id
    where b.programme_id = ${base}
      and (b.segment, b.process, b.quantity, b.unit_price, b.amount) is distinct from (o.segment, o.process, o.quantity, o.unit_price, o.amount)`;
  const [rows, count] = await Promise.all([
    sql<{ beforeId: number; afterId: number }>`select b.id as "beforeId", o.id as "afterId" ${changed}
      order by items.code, b.channel, b.id limit ${page.limit} offset ${page.offset}`.execute(db),
    sql<{ total: number }>`select count(*)::int as total ${changed}`.execute(db),
  ]);
  return { pairs: rows.rows, total: count.rows[0]!.total };
}
