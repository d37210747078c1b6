import type { Kysely } from 'kysely';
import type { LinesPage, ProgrammeCoverage, ProgrammeDto, ProgrammeSummary } from '../../shared/api.ts';
import type { LinesQuery } from '../../shared/api-schemas.ts';
import { supplyLists } from '../../shared/domain.ts';
import { buildProgrammeSummary } from '../../shared/purchase-summary.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundProblem } from '../http/problem.ts';
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
