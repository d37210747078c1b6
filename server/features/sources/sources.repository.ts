import type { Kysely } from 'kysely';
import type { SourceDocumentDto } from '../../../shared/api.ts';
import type { ParsedDeclaredFigure } from '../../../shared/write-schemas.ts';
import type { Database } from '../../../db/schema.ts';

type Db = Kysely<Database>;

const documentColumns = ['id', 'title', 'reference'] as const;

export async function insertSourceDocument(
  db: Db,
  document: { title: string; reference: string; publishedOn: string | null; notes: string | null },
): Promise<SourceDocumentDto> {
  return db
    .insertInto('source_documents')
    .values({ title: document.title, reference: document.reference, published_on: document.publishedOn, notes: document.notes })
    .returning(documentColumns)
    .executeTakeFirstOrThrow();
}

/** The document, which stays until the transaction ends (key share lock). */
export async function findSourceDocument(db: Db, id: number): Promise<SourceDocumentDto | undefined> {
  return db.selectFrom('source_documents').where('id', '=', id).select(documentColumns).forKeyShare().executeTakeFirst();
}

/** Which of these ids are programmes; those found stay until the transaction ends (key share lock). */
export async function findExistingProgrammeIds(db: Db, ids: readonly number[]): Promise<Set<number>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const rows = await db.selectFrom('programmes').where('id', 'in', unique).select('id').forKeyShare().execute();
  return new Set(rows.map((row) => row.id));
}

/** Rows per insert: twelve parameters each, far below PostgreSQL's 65,535 per statement. */
const FIGURES_PER_STATEMENT = 2000;

/** Inserts the figures of one document; returns their ids in the order given. */
export async function insertDeclaredFigures(db: Db, sourceDocumentId: number, figures: readonly ParsedDeclaredFigure[]): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < figures.length; start += FIGURES_PER_STATEMENT) {
    const values = figures.slice(start, start + FIGURES_PER_STATEMENT).map((figure) => ({ source_document_id: sourceDocumentId, ...toColumns(figure) }));
    const rows = await db.insertInto('declared_figures').values(values).returning(['id', ...keyColumns]).execute();
    // A document states each figure once (declared_figures_one_per_key): the key finds each id.
    const idByKey = new Map(rows.map((row) => [keyOf(row), row.id]));
    ids.push(...values.map((row) => idByKey.get(keyOf(row))!));
  }
  return ids;
}

const keyColumns = ['scope', 'programme_id', 'fiscal_year', 'supply_list', 'channel', 'segment', 'process', 'budget_category'] as const;
const keyOf = (row: Record<(typeof keyColumns)[number], unknown>) => JSON.stringify(keyColumns.map((column) => row[column]));

function toColumns(figure: ParsedDeclaredFigure) {
  const none = {
    programme_id: null, fiscal_year: null, supply_list: null, channel: null, segment: null, process: null,
    budget_category: null, items: null, amount: null,
  };
  switch (figure.scope) {
    case 'formulary':
      return { ...none, scope: figure.scope, supply_list: figure.supplyList, items: figure.items, printed: figure.printed };
    case 'purchases':
      return {
        ...none, scope: figure.scope, programme_id: figure.programmeId, channel: figure.channel, segment: figure.segment,
        process: figure.process, items: figure.items, amount: figure.amount, printed: figure.printed,
      };
    case 'budget':
      return {
        ...none, scope: figure.scope, fiscal_year: figure.fiscalYear, budget_category: figure.budgetCategory,
        amount: figure.amount, printed: figure.printed,
      };
  }
}
