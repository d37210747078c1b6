import type { Kysely } from 'kysely';
import type { BudgetDto, BudgetYear } from '../../../shared/api.ts';
import { budgetInputSchema, type BudgetInput } from '../../../shared/write-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import { auditedTransaction, type AuditContext, type AuditedTransaction } from '../audit/audit.service.ts';
import { ValidationProblem } from '../../platform/http/problem.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { findBudgetForUpdate, findBudgets, findBudgetYearSources, sourceDocumentExists, upsertBudget, type BudgetRecord } from './budgets.repository.ts';

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

/**
 * Sets the budget of one category in one fiscal year: created the first time, replaced after (the
 * old amount stays in the audit trail). Setting what is already there changes nothing.
 */
export async function setBudget(db: Kysely<Database>, context: AuditContext, now: Date, input: BudgetInput): Promise<BudgetRecord> {
  return auditedTransaction(db, context, now, (tx) => setBudgetInTransaction(tx, input));
}

export async function setBudgetInTransaction(tx: AuditedTransaction, input: BudgetInput): Promise<BudgetRecord> {
  const budget = parseRequest(budgetInputSchema, input, 'body');
  if (budget.sourceDocumentId !== null && !(await sourceDocumentExists(tx.trx, budget.sourceDocumentId))) {
    throw new ValidationProblem([
      { field: 'sourceDocumentId', in: 'body', message: `No existe el documento fuente ${budget.sourceDocumentId}.` },
    ]);
  }
  const before = await findBudgetForUpdate(tx.trx, budget.fiscalYear, budget.category);
  if (before && before.amount === budget.amount && before.sourceDocumentId === budget.sourceDocumentId) return before;
  const after = await upsertBudget(tx.trx, budget);
  const entityId = `${after.fiscalYear}/${after.category}`;
  tx.audit.push(before ? { action: 'update', entity: 'budget', entityId, before, after } : { action: 'create', entity: 'budget', entityId, after });
  return after;
}
