import type { Kysely } from 'kysely';
import { budgetCategories } from '../../../shared/domain.ts';
import { domainOrder } from '../../../db/sql-helpers.ts';
import type { BudgetDto } from '../../../shared/api.ts';
import type { Database } from '../../../db/schema.ts';

export async function findBudgets(db: Kysely<Database>, fiscalYear: number): Promise<BudgetDto[]> {
  return db
    .selectFrom('budgets')
    .where('fiscal_year', '=', fiscalYear)
    .select(['category', 'amount'])
    .orderBy(domainOrder('category', budgetCategories))
    .execute();
}
