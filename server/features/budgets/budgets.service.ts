import type { Kysely } from 'kysely';
import type { BudgetDto, BudgetYear } from '../../../shared/api.ts';
import type { Database } from '../../../db/schema.ts';
import { findBudgets, findBudgetYearSources } from './budgets.repository.ts';

export const listBudgets = (db: Kysely<Database>, fiscalYear: number): Promise<BudgetDto[]> => findBudgets(db, fiscalYear);

/** The fiscal years that have a budget, newest first, each with the documents its figures come from. */
export async function listBudgetYears(db: Kysely<Database>): Promise<BudgetYear[]> {
  const years: BudgetYear[] = [];
  for (const { fiscalYear, source } of await findBudgetYearSources(db)) {
    let year = years.at(-1);
    if (year?.fiscalYear !== fiscalYear) years.push((year = { fiscalYear, sources: [] }));
    if (source) year.sources.push(source);
  }
  return years;
}
