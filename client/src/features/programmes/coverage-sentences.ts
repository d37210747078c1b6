// The sentence under the coverage table, one per supply list, from the figures alone: how many
// purchase lines cover how many items, and why there are more lines than covered items. A
// programme has at most one line per item and channel: a second line of an item is in the other
// channel, either scheduled (the item is bought through both) or unscheduled.
import type { CoverageRow, ProgrammeCoverage } from '../../../../shared/api.ts';
import { supplyListLabels } from '../../../../shared/domain.ts';
import { formatCount, plural } from '../../platform/lib/format.ts';
import { lowerFirst } from '../../platform/lib/text.ts';

const MAX_LISTED = 5;

export function explainCoverageRow(row: CoverageRow, bothChannels: ProgrammeCoverage['bothChannels']): string {
  const listName = lowerFirst(supplyListLabels[row.supplyList]);
  if (row.lines === 0) {
    return `El ${listName} (${plural(row.items, 'ítem', 'ítems')}) no tiene líneas de compra en este programa.`;
  }

  // The lines are for the covered items only: an item without a line is counted apart, below.
  let text = `${plural(row.lines, 'línea de compra', 'líneas de compra')} para ${plural(row.covered, 'ítem cubierto', 'ítems cubiertos')} del ${listName}`;
  const both = bothChannels.items.filter((item) => item.supplyList === row.supplyList);
  const bothCount = row.coveredByBoth;
  if (bothCount > 0) {
    const listed = both.slice(0, MAX_LISTED).map((item) => `${item.code} ${item.name}`);
    const rest = bothCount - listed.length;
    const names = listed.length > 0 ? ` (${listed.join('; ')}${rest > 0 ? ` y ${formatCount(rest)} más` : ''})` : '';
    text += `: ${plural(bothCount, 'ítem', 'ítems')} se ${bothCount === 1 ? 'compra' : 'compran'} por ambos canales${names}.`;
  } else {
    text += row.lines === row.covered ? ': cada ítem cubierto tiene una sola línea de compra.' : '.';
  }

  const extraLines = row.lines - row.covered - bothCount;
  if (extraLines > 0) text += ` ${unscheduledSecondLines(extraLines)}`;
  if (row.notCovered > 0) {
    text += ` ${plural(row.notCovered, 'ítem', 'ítems')} no ${row.notCovered === 1 ? 'tiene' : 'tienen'} línea de compra.`;
  }
  return text;
}

/** The second lines of items not bought through both channels: one of their two lines is unscheduled. */
export function unscheduledSecondLines(count: number): string {
  return count === 1
    ? 'Otra línea es una compra no programada de un ítem que también se compra por el otro canal.'
    : `Otras ${formatCount(count)} líneas son compras no programadas de ítems que también se compran por el otro canal.`;
}
