// The 20,000-line programme the planning benches measure (bench:planning through HTTP,
// bench:planning-grid in Chromium), arranged through the services as a user's data would be:
// 10,000 items, each bought through both channels, some of them locally supplied, oncological or
// unscheduled.
import type { Kysely } from 'kysely';
import type { ItemInput } from '../shared/api-schemas.ts';
import type { ProgrammeDto } from '../shared/api.ts';
import type { Database } from '../db/schema.ts';
import { createItems } from '../server/features/items/items.service.ts';
import { addLines, createProgramme } from '../server/features/programmes/programmes.service.ts';

export const PLANNING_LINES = 20_000;

/** Lines per addLines call: a few calls, each well within what one write may add. */
const LINES_PER_CALL = 5000;

export async function createPlanningProgramme(db: Kysely<Database>): Promise<ProgrammeDto> {
  const items = await createItems(
    db,
    null,
    new Date(),
    Array.from({ length: PLANNING_LINES / 2 }, (_, n): ItemInput => ({
      code: `PLN-${String(n).padStart(6, '0')}`,
      dci: `Principio ${n}`,
      strength: `${(n % 50) + 1} mg`,
      dosageForm: 'Tableta',
      supplyList: n % 4 === 0 ? 'local' : 'centralized',
      therapeuticGroup: `Grupo ${n % 40}`,
      ven: 'essential',
      oncology: n % 10 === 0,
    })),
  );
  const programme = await createProgramme(db, null, new Date(), { name: 'Programa 20000', fiscalYear: 2027 });
  for (let start = 0; start < items.length; start += LINES_PER_CALL / 2) {
    await addLines(db, null, new Date(), programme.id, {
      lines: items.slice(start, start + LINES_PER_CALL / 2).flatMap((item, n) => [
        { itemId: item.id, channel: 'minsa_corporate' as const, segment: item.oncology ? ('oncology' as const) : ('medicines' as const), process: 'reverse_auction' as const, quantity: String(100 + n), unitPrice: '1.2345' },
        { itemId: item.id, channel: 'essalud' as const, process: n % 7 === 0 ? ('unscheduled' as const) : ('conventional' as const), quantity: String(10 + n), unitPrice: '0.5050' },
      ]),
    });
  }
  return programme;
}
