import type { Kysely } from 'kysely';
import type { BudgetDto, BudgetYear } from '../../../shared/api.ts';
import { budgetInputSchema, type BudgetInput } from '../../../shared/write-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import { auditedTransaction, type AuditContext, type AuditedTransaction } from '../audit/audit.service.ts';
import { NotFoundProblem, StaleVersionProblem, ValidationProblem } from '../../platform/http/problem.ts';
import { budgetPutSchema, type BudgetPut } from '../../../shared/planning-schemas.ts';
import { budgetCategoryLabels, type BudgetCategory } from '../../../shared/domain.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import {
  findBudgetForUpdate,
  findBudgets,
  findBudgetYearSources,
  insertBudget,
  sourceDocumentExists,
  updateBudgetAmount,
  upsertBudget,
  type BudgetRecord,
} from './budgets.repository.ts';

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

/**
 * A ceiling set from the app (PUT /api/budgets/:fiscalYear/:category): without `version` it
 * creates the budget, with it it replaces that version's amount. Someone else's change since, or
 * a budget created meanwhile, is not overwritten: 409 with the budget as it is.
 */
export async function putBudget(
  db: Kysely<Database>,
  context: AuditContext,
  now: Date,
  key: { fiscalYear: number; category: BudgetCategory },
  input: BudgetPut,
): Promise<{ budget: BudgetRecord; created: boolean }> {
  const { amount, version } = parseRequest(budgetPutSchema, input, 'body');
  return auditedTransaction(db, context, now, async (tx) => {
    const before = await findBudgetForUpdate(tx.trx, key.fiscalYear, key.category);
    const entityId = `${key.fiscalYear}/${key.category}`;
    if (!before) {
      if (version !== undefined) {
        throw new NotFoundProblem(`No hay presupuesto de ${budgetCategoryLabels[key.category]} para ${key.fiscalYear}.`, 'category');
      }
      const after = await insertBudget(tx.trx, { ...key, amount });
      // Someone created it meanwhile: this request was made without its version.
      if (!after) throw new StaleVersionProblem((await findBudgetForUpdate(tx.trx, key.fiscalYear, key.category))!);
      tx.audit.push({ action: 'create', entity: 'budget', entityId, after });
      return { budget: after, created: true };
    }
    if (version !== before.version) throw new StaleVersionProblem(before);
    if (before.amount === amount) return { budget: before, created: false };
    const after = await updateBudgetAmount(tx.trx, { ...key, amount, version });
    if (!after) throw new StaleVersionProblem((await findBudgetForUpdate(tx.trx, key.fiscalYear, key.category))!);
    tx.audit.push({ action: 'update', entity: 'budget', entityId, before, after });
    return { budget: after, created: false };
  });
}
