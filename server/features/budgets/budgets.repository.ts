import type { Kysely } from 'kysely';
import { budgetCategories, type BudgetCategory } from '../../../shared/domain.ts';
import { domainOrder } from '../../../db/sql-helpers.ts';
import type { BudgetDto, BudgetRecordDto, SourceDocumentWithNotesDto } from '../../../shared/api.ts';
import type { Database } from '../../../db/schema.ts';

type Db = Kysely<Database>;

export async function findBudgets(db: Db, fiscalYear: number): Promise<BudgetDto[]> {
  return db
    .selectFrom('budgets')
    .where('fiscal_year', '=', fiscalYear)
    .select(['fiscal_year as fiscalYear', 'category', 'amount', 'version'])
    .orderBy(domainOrder('category', budgetCategories))
    .execute();
}

/** Each fiscal year with a budget and each source document its rows cite (none: null), newest year first. */
export async function findBudgetYearSources(
  db: Db,
): Promise<{ fiscalYear: number; source: SourceDocumentWithNotesDto | null }[]> {
  const rows = await db
    .selectFrom('budgets')
    .leftJoin('source_documents', 'source_documents.id', 'budgets.source_document_id')
    .select([
      'budgets.fiscal_year as fiscalYear',
      'source_documents.id',
      'source_documents.title',
      'source_documents.reference',
      'source_documents.notes',
    ])
    .distinct()
    .orderBy('budgets.fiscal_year', 'desc')
    .orderBy('source_documents.id')
    .execute();
  return rows.map(({ fiscalYear, id, title, reference, notes }) => ({
    fiscalYear,
    source: id === null ? null : { id, title: title!, reference: reference!, notes },
  }));
}

export type BudgetRecord = BudgetRecordDto;

const recordColumns = ['fiscal_year as fiscalYear', 'category', 'amount', 'version', 'source_document_id as sourceDocumentId'] as const;

/** The budget of one category and year, locked until the transaction ends. */
export async function findBudgetForUpdate(db: Db, fiscalYear: number, category: BudgetCategory): Promise<BudgetRecord | undefined> {
  return db
    .selectFrom('budgets')
    .where('fiscal_year', '=', fiscalYear)
    .where('category', '=', category)
    .select(recordColumns)
    .forUpdate()
    .executeTakeFirst();
}

/** Inserts, or replaces the amount and source of, the one budget of its category and year. */
export async function upsertBudget(db: Db, budget: Omit<BudgetRecord, 'version'>): Promise<BudgetRecord> {
  return db
    .insertInto('budgets')
    .values({ fiscal_year: budget.fiscalYear, category: budget.category, amount: budget.amount, source_document_id: budget.sourceDocumentId })
    .onConflict((conflict) =>
      conflict.constraint('budgets_category_per_year').doUpdateSet({ amount: budget.amount, source_document_id: budget.sourceDocumentId }),
    )
    .returning(recordColumns)
    .executeTakeFirstOrThrow();
}

/** Whether the document exists; it then stays until the transaction ends (key share lock). */
export async function sourceDocumentExists(db: Db, id: number): Promise<boolean> {
  return Boolean(await db.selectFrom('source_documents').where('id', '=', id).select('id').forKeyShare().executeTakeFirst());
}

/**
 * Inserts the budget of its category and year; undefined when another transaction inserted it
 * first (the insert waits for that one to commit, so the caller can then read it).
 */
export async function insertBudget(
  db: Db,
  budget: { fiscalYear: number; category: BudgetCategory; amount: string },
): Promise<BudgetRecord | undefined> {
  return db
    .insertInto('budgets')
    .values({ fiscal_year: budget.fiscalYear, category: budget.category, amount: budget.amount })
    .onConflict((conflict) => conflict.constraint('budgets_category_per_year').doNothing())
    .returning(recordColumns)
    .executeTakeFirst();
}

/** Replaces the amount of the budget at `version`; undefined when it is at another one. */
export async function updateBudgetAmount(
  db: Db,
  budget: { fiscalYear: number; category: BudgetCategory; amount: string; version: number },
): Promise<BudgetRecord | undefined> {
  return db
    .updateTable('budgets')
    .set({ amount: budget.amount })
    .where('fiscal_year', '=', budget.fiscalYear)
    .where('category', '=', budget.category)
    .where('version', '=', budget.version)
    .returning(recordColumns)
    .executeTakeFirst();
}
