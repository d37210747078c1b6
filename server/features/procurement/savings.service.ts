import type { Kysely } from 'kysely';
import { channels, processes } from '../../../shared/domain.ts';
import type { ProgrammeSavings, SavingsFigures } from '../../../shared/procurement-api.ts';
import { saving } from '../../../shared/procurement.ts';
import type { Database } from '../../../db/schema.ts';
import { requireProgramme } from '../programmes/programmes.service.ts';
import * as repository from './savings.repository.ts';

const none: repository.Sums = { reference: '0.00', awarded: '0.00', awardedLines: 0, unawardedLines: 0 };

/** The sums with their saving (reference − awarded, negative when awarded above) and its percent, half up. */
const figures = ({ reference, awarded, awardedLines, unawardedLines }: repository.Sums): SavingsFigures => ({
  reference,
  awarded,
  ...saving(reference, awarded),
  awardedLines,
  unawardedLines,
});

/**
 * Savings of a programme: a page of its processes, then by process type and by channel (every one,
 * in the domain's order, zero where it has no process), and the programme's totals.
 */
export async function programmeSavings(db: Kysely<Database>, programmeId: number, page: { page: number; pageSize: number }): Promise<ProgrammeSavings> {
  const [, byProcess, byType, byChannel, totals] = await Promise.all([
    requireProgramme(db, programmeId),
    repository.sumByProcess(db, programmeId, page),
    repository.sumByType(db, programmeId),
    repository.sumByChannel(db, programmeId),
    repository.sumProgramme(db, programmeId),
  ]);
  return {
    processes: byProcess.rows.map(({ processId, code, type, channel, segment, status, ...sums }) => ({
      processId,
      code,
      type,
      channel,
      segment,
      status,
      ...figures(sums),
    })),
    totalProcesses: byProcess.total,
    byType: processes.map((type) => ({ type, ...figures(byType.find((row) => row.type === type) ?? none) })),
    byChannel: channels.map((channel) => ({ channel, ...figures(byChannel.find((row) => row.channel === channel) ?? none) })),
    totals: figures(totals),
  };
}
