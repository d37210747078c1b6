// Large data for the benches, written set-based in SQL (generate_series), straight into a migrated
// database: a formulary of `items` items and a programme with two lines per item (one per channel,
// the most the model allows). Every row keeps the database's rules: amount = round(quantity *
// unit_price, 2), a segment only in the MINSA corporate purchase, an unpriced line only when
// unscheduled, unique codes ignoring case. Names carry accents so that sorting by name folds them.
import type pg from 'pg';

export interface GeneratedProgramme {
  programmeId: number;
  items: number;
  lines: number;
}

const dcis = [
  'Ácido acetilsalicílico', 'Amoxicilina', 'Ceftriaxona', 'Ácido fólico', 'Paracetamol', 'Omeprazol',
  'Metformina', 'Insulina humana', 'Enalapril', 'Óxido de zinc', 'Salbutamol', 'Cisplatino',
  'Doxorrubicina', 'Fluconazol', 'Ibuprofeno', 'Losartán', 'Atorvastatina', 'Clorfenamina', 'Éter', 'Úrea',
];
const forms = ['TAB', 'INY 10 mL', 'CAP', 'JBE 120 mL', 'CRM 20 g', 'SOL 100 mL', 'AMP 2 mL'];
const groups = ['Analgésicos', 'Antiinfecciosos', 'Antineoplásicos', 'Cardiovasculares', 'Dermatológicos', 'Endocrinos', 'Respiratorios'];

const textArray = (values: string[]) => `array[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ')}]`;

/** Adds `items` items (codes after those present) and a programme with 2 × `items` lines. */
export async function generateProgramme(client: pg.Client, items: number, name: string): Promise<GeneratedProgramme> {
  const { start } = (await client.query<{ start: number }>('select coalesce(max(id), 0)::int as start from items')).rows[0]!;
  await client.query(`
    insert into items (code, dci, strength, dosage_form, supply_list, therapeutic_group, ven, oncology)
    select
      'B' || lpad(g::text, 9, '0'),
      (${textArray(dcis)})[1 + g % ${dcis.length}] || ' ' || (g / ${dcis.length})::text,
      (1 + g % 997)::text || ' mg',
      (${textArray(forms)})[1 + g % ${forms.length}],
      case when g % 3 = 0 then 'local' else 'centralized' end,
      (${textArray(groups)})[1 + g % ${groups.length}],
      (array['vital', 'essential', 'non_essential'])[1 + g % 3],
      g % 11 = 0
    from generate_series(${start + 1}, ${start + items}) as g`);
  const { rows: [programme] } = await client.query<{ id: number }>(
    `insert into programmes (name, fiscal_year) values ($1, 2026) returning id`,
    [name],
  );
  // One line per item and channel; one line in 20 is unscheduled and unpriced, as the report has them.
  await client.query(`
    insert into purchase_lines (programme_id, item_id, channel, segment, process, quantity, unit_price, amount)
    select $1, i.id, c.channel,
      case when c.channel = 'minsa_corporate' then case when i.oncology then 'oncology' else 'medicines' end end,
      p.process, p.quantity, p.unit_price, round(p.quantity * p.unit_price, 2)
    from items i
    cross join (values ('minsa_corporate'), ('essalud')) as c(channel)
    cross join lateral (
      select
        case when (i.id + length(c.channel)) % 20 = 0 then 'unscheduled'
             when i.id % 2 = 0 then 'reverse_auction' else 'conventional' end as process
    ) as k
    cross join lateral (
      select k.process,
        case when k.process = 'unscheduled' then null else (1 + (i.id::bigint * 7) % 5000)::numeric(14,4) end as quantity,
        case when k.process = 'unscheduled' then null else round((1 + (i.id::bigint * 7919) % 250000) / 1000.0, 4)::numeric(14,4) end as unit_price
    ) as p
    where i.id > $2 and i.id <= $3`, [programme!.id, start, start + items]);
  // As autovacuum leaves them after a bulk insert (PostgreSQL 13 and later vacuum on inserts too):
  // statistics for the planner, and the visibility map that lets a count read the index alone.
  await client.query('vacuum (analyze) items, purchase_lines');
  const { rows: [count] } = await client.query<{ lines: number }>('select count(*)::int as lines from purchase_lines where programme_id = $1', [programme!.id]);
  return { programmeId: programme!.id, items, lines: count!.lines };
}
