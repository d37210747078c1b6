import type { Kysely } from 'kysely';
import type {
  CoverageBreakdown,
  CoverageDimension,
  CoverageItemsPage,
  LinesPage,
  ProgrammeCoverage,
  ProgrammeDto,
  ProgrammeSummary,
} from '../../../shared/api.ts';
import type { CoverageItemsQuery, LinesQuery } from '../../../shared/api-schemas.ts';
import { coverageStatuses, supplyLists, venClasses, type CoverageStatus } from '../../../shared/domain.ts';
import { countCoverageBy, findCoverageItems } from './coverage.repository.ts';
import { buildProgrammeSummary } from '../../../shared/purchase-summary.ts';
import type { Database } from '../../../db/schema.ts';
import { NotFoundProblem } from '../../platform/http/problem.ts';
import * as repository from './programmes.repository.ts';

type Db = Kysely<Database>;

export const listProgrammes = (db: Db) => repository.findProgrammes(db);

async function requireProgramme(db: Db, id: number): Promise<ProgrammeDto> {
  const programme = await repository.findProgramme(db, id);
  if (!programme) throw new NotFoundProblem(`No existe el programa ${id}.`, 'id');
  return programme;
}

export async function listLines(db: Db, id: number, query: LinesQuery): Promise<LinesPage> {
  await requireProgramme(db, id);
  return repository.findLines(db, id, query);
}

export async function summarizeProgramme(db: Db, id: number): Promise<ProgrammeSummary> {
  await requireProgramme(db, id);
  const [leaves, declared] = await Promise.all([
    repository.sumLinesByLeaf(db, id),
    repository.findDeclaredPurchases(db, id),
  ]);
  const source = declared[0];
  return {
    ...buildProgrammeSummary(leaves, declared),
    source: source ? { id: source.sourceId, title: source.sourceTitle, reference: source.sourceReference } : null,
  };
}

export async function coverProgramme(db: Db, id: number): Promise<ProgrammeCoverage> {
  await requireProgramme(db, id);
  const [counts, bothChannels] = await Promise.all([
    repository.countCoverage(db, id),
    repository.findItemsInBothChannels(db, id),
  ]);
  const rows = supplyLists.map(
    (supplyList) =>
      counts.find((row) => row.supplyList === supplyList) ?? {
        supplyList, items: 0, covered: 0, notCovered: 0, coveredByBoth: 0, lines: 0,
      },
  );
  const sum = (key: 'items' | 'covered' | 'notCovered' | 'coveredByBoth' | 'lines') =>
    rows.reduce((total, row) => total + row[key], 0);
  return {
    rows,
    totals: { items: sum('items'), covered: sum('covered'), notCovered: sum('notCovered'), coveredByBoth: sum('coveredByBoth'), lines: sum('lines') },
    bothChannels,
  };
}

export async function listCoverageItems(db: Db, id: number, query: CoverageItemsQuery): Promise<CoverageItemsPage> {
  await requireProgramme(db, id);
  return findCoverageItems(db, id, query);
}

const dimensionOrder: Partial<Record<CoverageDimension, readonly string[]>> = { supplyList: supplyLists, ven: venClasses };

/** Items by coverage status, per supply list, therapeutic group or VEN class. */
export async function breakDownCoverage(db: Db, id: number, by: CoverageDimension): Promise<CoverageBreakdown> {
  await requireProgramme(db, id);
  const counted = await countCoverageBy(db, id, by);
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
