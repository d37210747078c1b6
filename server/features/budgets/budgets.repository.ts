import type { Kysely } from 'kysely';
import { budgetCategories } from '../../../shared/domain.ts';
import { domainOrder } from '../../../db/sql-helpers.ts';
import type { BudgetDto, SourceDocumentWithNotesDto } from '../../../shared/api.ts';
import type { Database } from '../../../db/schema.ts';

export async function findBudgets(db: Kysely<Database>, fiscalYear: number): Promise<BudgetDto[]> {
  return db
    .selectFrom('budgets')
    .where('fiscal_year', '=', fiscalYear)
    .select(['category', 'amount'])
    .orderBy(domainOrder('category', budgetCategories))
    .execute();
}

/** Each fiscal year with a budget and each source document its rows cite (none: null), newest year first. */
export async function findBudgetYearSources(
  db: Kysely<Database>,
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
