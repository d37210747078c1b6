// The rules of programmes, purchase lines, declared figures and budgets hold in the database itself:
// each test writes around the services on purpose (raw SQL, as a careless script or a future write
// path might) and the database refuses. Data is arranged through the services (factories.ts).
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDto, ProgrammeDto, PurchaseLineDto, SourceDocumentDto } from '../../shared/api.ts';
import { lineAmount } from '../../shared/money.ts';
import { addLines } from '../../server/features/programmes/programmes.service.ts';
import { ValidationProblem } from '../../server/platform/http/problem.ts';
import { createDisagreeingSource, createTestBudget, createTestItem, createTestProgramme } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let item: ItemDto;
let programme: ProgrammeDto;
let minsaLine: PurchaseLineDto;
let source: SourceDocumentDto;

beforeAll(async () => {
  testApp = await startTestApp();
  const arranged = await createTestProgramme(testApp.db);
  programme = arranged.programme;
  minsaLine = arranged.lines[0]!;
  item = await createTestItem(testApp.db);
  ({ source } = await createDisagreeingSource(testApp.db, programme.id));
});
afterAll(() => testApp.close());

const run = <T,>(statement: RawBuilder<T>) => statement.execute(testApp.db);
const refused = (statement: RawBuilder<unknown>, code: string, constraint: string) =>
  expect(run(statement)).rejects.toMatchObject({ code, constraint });

const CHECK = '23514';
const UNIQUE = '23505';

describe('purchase lines in the database', () => {
  it.each([
    ['an amount that is not quantity × unit price rounded to the cent', () => sql`insert into purchase_lines (programme_id, item_id, channel, process, quantity, unit_price, amount)
      values (${programme.id}, ${item.id}, 'essalud', 'conventional', 3, 33.3333, 100.01)`, 'purchase_lines_amount_is_quantity_times_price'],
    ['half a cent rounded down (5 × 0.025 = 0.125 is 0.13)', () => sql`insert into purchase_lines (programme_id, item_id, channel, process, quantity, unit_price, amount)
      values (${programme.id}, ${item.id}, 'essalud', 'conventional', 5, 0.025, 0.12)`, 'purchase_lines_amount_is_quantity_times_price'],
    ['a scheduled purchase without quantity or price', () => sql`insert into purchase_lines (programme_id, item_id, channel, process)
      values (${programme.id}, ${item.id}, 'essalud', 'reverse_auction')`, 'purchase_lines_priced_unless_unscheduled'],
  ])('when a line is inserted with %s, then the database refuses it', async (_case, template, constraint) => {
    await refused(template(), CHECK, constraint);
  });

  it('when a line is inserted with quantity × unit price rounded half up, then the database takes it', async () => {
    const own = await createTestItem(testApp.db);
    const { rows } = await run(sql<{ amount: string }>`insert into purchase_lines (programme_id, item_id, channel, process, quantity, unit_price, amount)
      values (${programme.id}, ${own.id}, 'essalud', 'conventional', 5, 0.025, 0.13) returning amount`);
    expect(rows).toEqual([{ amount: '0.13' }]);
    expect(lineAmount('5', '0.025')).toBe('0.13');
  });

  it("when a line's quantity is changed without its amount, then the database refuses the update", async () => {
    await refused(sql`update purchase_lines set quantity = quantity + 1 where id = ${minsaLine.id}`, CHECK, 'purchase_lines_amount_is_quantity_times_price');
  });

  it('when an item in a programme is deleted, even by hand, then the foreign key (on delete restrict) refuses it', async () => {
    // PostgreSQL 18 (PGlite) says restrict_violation (23001); earlier servers foreign_key_violation (23503).
    await expect(run(sql`delete from items where id = ${minsaLine.item.id}`)).rejects.toMatchObject({
      code: expect.stringMatching(/^(23001|23503)$/),
      constraint: 'purchase_lines_item_fkey',
    });
  });
});

describe('programmes, source documents and budgets in the database', () => {
  it.each([
    ['a programme named in blanks', sql`insert into programmes (name, fiscal_year) values ('  ', 2026)`, 'programmes_name_not_blank'],
    ['a programme of the year 1850', sql`insert into programmes (name, fiscal_year) values ('Compra 1850', 1850)`, 'programmes_fiscal_year_range'],
    ['a source document without title', sql`insert into source_documents (title, reference) values ('', 'x.pdf')`, 'source_documents_title_not_blank'],
    ['a negative budget', sql`insert into budgets (fiscal_year, category, amount) values (2030, 'medicines', -1)`, 'budgets_amount_not_negative'],
  ])('when %s is inserted, then the database refuses it', async (_case, statement, constraint) => {
    await refused(statement, CHECK, constraint);
  });

  it('when a programme or a source document is deleted, then its lines and declared figures go with it, and a budget read from the document stays, without source', async () => {
    const { programme: doomed } = await createTestProgramme(testApp.db);
    const { source: report } = await createDisagreeingSource(testApp.db, doomed.id);
    const { source: other } = await createDisagreeingSource(testApp.db, programme.id);
    await createTestBudget(testApp.db, { fiscalYear: 2031, sourceDocumentId: report.id });
    await run(sql`delete from programmes where id = ${doomed.id}`);
    await run(sql`delete from source_documents where id in (${report.id}, ${other.id})`);
    const left = await run(sql<Record<string, string | number | null>>`select
      (select count(*) from purchase_lines where programme_id = ${doomed.id}) as lines,
      (select count(*) from declared_figures where programme_id = ${doomed.id} or source_document_id = ${other.id}) as figures,
      (select count(*) from budgets where fiscal_year = 2031) as budgets,
      (select source_document_id from budgets where fiscal_year = 2031) as source`);
    expect(left.rows).toEqual([{ lines: '0', figures: '0', budgets: '1', source: null }]);
  });
});

describe('declared figures in the database', () => {
  /** Run after beforeAll, when the document exists; `:programme` stands for the test programme's id. */
  const figure = (columns: string, values: string) => () =>
    sql`insert into declared_figures (source_document_id, ${sql.raw(columns)})
      values (${source.id}, ${sql.raw(values.replace(':programme', String(programme.id)))})`;

  it.each([
    ['a supply list that does not exist', figure('scope, supply_list, items', `'formulary', 'regional', 1`), 'declared_figures_supply_list_check'],
    ['a channel that does not exist', figure('scope, programme_id, channel, items', `'purchases', :programme, 'gobierno', 1`), 'declared_figures_channel_check'],
    ['a segment that does not exist', figure('scope, programme_id, channel, segment, items', `'purchases', :programme, 'minsa_corporate', 'vacunas', 1`), 'declared_figures_segment_check'],
    ['a process that does not exist', figure('scope, programme_id, channel, process, items', `'purchases', :programme, 'essalud', 'directa', 1`), 'declared_figures_process_check'],
    ['a budget category that does not exist', figure('scope, fiscal_year, budget_category, amount', `'budget', 2026, 'vacunas', 1`), 'declared_figures_budget_category_check'],
    ['purchases without a programme', figure('scope, channel, items', `'purchases', 'essalud', 1`), 'declared_figures_purchases_shape'],
    ['purchases of an EsSalud segment', figure('scope, programme_id, channel, segment, items', `'purchases', :programme, 'essalud', 'oncology', 1`), 'declared_figures_purchases_shape'],
    ['a budget figure without fiscal year', figure('scope, budget_category, amount', `'budget', 'medicines', 1`), 'declared_figures_budget_shape'],
    ['a formulary figure with an amount', figure('scope, items, amount', `'formulary', 919, 1`), 'declared_figures_formulary_shape'],
    ['a negative amount', figure('scope, fiscal_year, budget_category, amount', `'budget', 2026, 'medicines', -5`), 'declared_figures_amount_not_negative'],
  ])('when a figure is inserted with %s, then the database refuses it', async (_case, template, constraint) => {
    await refused(template(), CHECK, constraint);
  });

  it('when a document declares the same figure twice, then the database refuses the second', async () => {
    const once = figure('scope, supply_list, items', `'formulary', null, 10`);
    await run(once());
    await refused(once(), UNIQUE, 'declared_figures_one_per_key');
  });
});

describe('versions', () => {
  it('when a programme, a line or an item is updated by any statement, then its version moves on by one, whatever the statement sets', async () => {
    const { programme: edited, lines: [line] } = await createTestProgramme(testApp.db);
    const version = async (table: string, id: number) =>
      (await run(sql<{ version: number }>`select version from ${sql.table(table)} where id = ${id}`)).rows[0]!.version;

    await run(sql`update programmes set name = name || ' (revisado)' where id = ${edited.id}`);
    await run(sql`update purchase_lines set quantity = 10, unit_price = 1, amount = 10 where id = ${line!.id}`);
    await run(sql`update items set therapeutic_group = 'Otro grupo' where id = ${line!.item.id}`);
    expect([await version('programmes', edited.id), await version('purchase_lines', line!.id), await version('items', line!.item.id)]).toEqual([2, 2, 2]);

    await run(sql`update programmes set version = 99 where id = ${edited.id}`);
    expect(await version('programmes', edited.id)).toBe(3);
  });
});

describe('through the service', () => {
  it('when a line comes with an amount of its own, then it is refused naming the amount and nothing is written; the amount is always quantity × price, half up', async () => {
    const before = (await testApp.db.selectFrom('purchase_lines').select(testApp.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    const wrong = addLines(testApp.db, null, new Date(), programme.id, {
      lines: [{ itemId: item.id, channel: 'essalud', process: 'conventional', quantity: '5', unitPrice: '0.0250', amount: '0.12' } as never],
    });
    await expect(wrong).rejects.toBeInstanceOf(ValidationProblem);
    await expect(wrong).rejects.toMatchObject({ errors: [{ field: 'lines.0.amount', in: 'body' }] });
    const after = (await testApp.db.selectFrom('purchase_lines').select(testApp.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    expect(after).toBe(before);

    const other = await createTestItem(testApp.db);
    const [added] = await addLines(testApp.db, null, new Date(), programme.id, {
      lines: [{ itemId: other.id, channel: 'essalud', process: 'conventional', quantity: '5', unitPrice: '0.0250' }],
    });
    expect(added).toMatchObject({ quantity: '5.0000', unitPrice: '0.0250', amount: '0.13', version: 1 });
  });
});
