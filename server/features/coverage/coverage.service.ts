// Every coverage figure of a programme, from the one per-item definition (coverage.repository.ts).
import type { Kysely } from 'kysely';
import type { CoverageBreakdown, CoverageDimension, CoverageItemDto, CoverageItemsPage, CoverageRow, ProgrammeCoverage } from '../../../shared/api.ts';
import type { CoverageItemsQuery, CoverageQuery } from '../../../shared/api-schemas.ts';
import { coverageStatuses, supplyLists, venClasses, type CoverageStatus } from '../../../shared/domain.ts';
import type { Database } from '../../../db/schema.ts';
import { requireProgramme } from '../programmes/programmes.service.ts';
import { countCoverageBy, findAllCoverageItems, findCoverageItems, type CoverageFilters } from './coverage.repository.ts';

type Db = Kysely<Database>;

/** Per supply list: items, covered (any line), not covered, bought through both channels, and lines. */
export async function coverProgramme(db: Db, id: number, query: CoverageQuery): Promise<ProgrammeCoverage> {
  // The programme is looked up alongside: for one that does not exist the queries find nothing.
  const [, counted, bothChannels] = await Promise.all([
    requireProgramme(db, id),
    countCoverageBy(db, id, 'supplyList'),
    findCoverageItems(db, id, { ...query, status: 'both' }),
  ]);
  const rows: CoverageRow[] = supplyLists.map((supplyList) => {
    const row = counted.find((candidate) => candidate.key === supplyList);
    const items = row?.items ?? 0;
    const notCovered = row?.not_covered ?? 0;
    return { supplyList, items, covered: items - notCovered, notCovered, coveredByBoth: row?.both ?? 0, lines: row?.lines ?? 0 };
  });
  const sum = (key: keyof Omit<CoverageRow, 'supplyList'>) => rows.reduce((total, row) => total + row[key], 0);
  return {
    rows,
    totals: { items: sum('items'), covered: sum('covered'), notCovered: sum('notCovered'), coveredByBoth: sum('coveredByBoth'), lines: sum('lines') },
    bothChannels,
  };
}

export async function listCoverageItems(db: Db, id: number, query: CoverageItemsQuery): Promise<CoverageItemsPage> {
  const [, page] = await Promise.all([requireProgramme(db, id), findCoverageItems(db, id, query)]);
  return page;
}

/** Every item passing the filters (the export has no pages). */
export async function listAllCoverageItems(db: Db, id: number, filters: CoverageFilters): Promise<CoverageItemDto[]> {
  await requireProgramme(db, id);
  return findAllCoverageItems(db, id, filters);
}

const dimensionOrder: Partial<Record<CoverageDimension, readonly string[]>> = { supplyList: supplyLists, ven: venClasses };

/** Items by coverage status, per supply list, therapeutic group or VEN class. */
export async function breakDownCoverage(db: Db, id: number, by: CoverageDimension): Promise<CoverageBreakdown> {
  const [, counted] = await Promise.all([requireProgramme(db, id), countCoverageBy(db, id, by)]);
  const order = dimensionOrder[by];
  if (order) counted.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  const byStatusOf = (row: Record<CoverageStatus, number>) =>
    Object.fromEntries(coverageStatuses.map((status) => [status, row[status]])) as Record<CoverageStatus, number>;
  const rows = counted.map((row) => ({ key: row.key, items: row.items, byStatus: byStatusOf(row) }));
  return {
    by,
    rows,
    totals: {
      items: rows.reduce((sum, row) => sum + row.items, 0),
      byStatus: byStatusOf(
        Object.fromEntries(
          coverageStatuses.map((status) => [status, rows.reduce((sum, row) => sum + row.byStatus[status], 0)]),
        ) as Record<CoverageStatus, number>,
      ),
    },
  };
}
