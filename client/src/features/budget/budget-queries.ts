// Query keys and reads of the budgets of strategic goods.
import type { BudgetDto, BudgetYear } from '../../../../shared/api.ts';
import { apiQuery } from '../../platform/api/query-client.ts';

export const budgetKeys = {
  all: ['budgets'] as const,
  years: () => [...budgetKeys.all, 'years'] as const,
  year: (fiscalYear: number) => [...budgetKeys.all, 'year', fiscalYear] as const,
};

export const budgetQueries = {
  years: () => apiQuery<BudgetYear[]>(budgetKeys.years(), '/budgets/years', { kind: 'reference' }),
  year: (fiscalYear: number) =>
    apiQuery<BudgetDto[]>(budgetKeys.year(fiscalYear), '/budgets', { kind: 'reference', params: { fiscalYear } }),
};
