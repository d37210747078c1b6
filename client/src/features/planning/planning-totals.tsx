// Live subtotals of the plan (channel → segment → process) and its grand total, computed in the
// browser from the lines on screen, edits not yet confirmed included, with the same shared code the
// server's summary uses (buildProgrammeSummary: exact cents, no JS numbers).
import type { ProgrammeSummary, PurchaseLineDto } from '../../../../shared/api.ts';
import { sumMoney } from '../../../../shared/money.ts';
import { buildProgrammeSummary, type ComputedLeaf } from '../../../../shared/purchase-summary.ts';
import { formatCount } from '../../platform/lib/format.ts';
import { formatMoneyOrDash } from '../../platform/lib/money-display.ts';
import { buildSummaryTree, type SummaryNode } from '../programmes/summary-tree.ts';

/** The plan's summary from its lines: one leaf per channel / segment / process. */
export function summarizeLines(lines: readonly PurchaseLineDto[]): ProgrammeSummary {
  const leaves = new Map<string, { leaf: ComputedLeaf; amounts: string[] }>();
  for (const line of lines) {
    const key = `${line.channel}/${line.segment ?? ''}/${line.process}`;
    let entry = leaves.get(key);
    if (!entry) {
      entry = { leaf: { channel: line.channel, segment: line.segment, process: line.process, items: 0, amount: null }, amounts: [] };
      leaves.set(key, entry);
    }
    entry.leaf.items += 1;
    if (line.amount !== null) entry.amounts.push(line.amount);
  }
  const computed = [...leaves.values()].map(({ leaf, amounts }) => ({
    ...leaf,
    amount: amounts.length === 0 ? null : sumMoney(amounts),
  }));
  return { ...buildProgrammeSummary(computed, []), source: null };
}

/** The tree flattened in display order, each node with its depth. */
function flatten(nodes: readonly SummaryNode[], depth = 0): { node: SummaryNode; depth: number }[] {
  return nodes.flatMap((node) => [{ node, depth }, ...flatten(node.subRows, depth + 1)]);
}

export function PlanningTotals({ summary, complete }: { summary: ProgrammeSummary; complete: boolean }) {
  const rows = flatten(buildSummaryTree(summary));
  return (
    <div className="planning-totals">
      <table className="data-table planning-totals__table" data-testid="planning-totals">
        <caption className="visually-hidden">Subtotales por canal, segmento y proceso, y total general del plan</caption>
        <thead>
          <tr>
            <th scope="col">Concepto</th>
            <th scope="col" className="num">
              Líneas
            </th>
            <th scope="col" className="num">
              Monto
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ node, depth }) => (
            <tr key={node.id} className={`summary-row summary-row--${node.kind} depth-${depth}`} data-testid={`planning-total-${node.id}`}>
              <th scope="row" className={`planning-totals__concept depth-${depth}`}>
                {node.label}
              </th>
              <td className="num">{formatCount(node.figures.items)}</td>
              <td className="num col-money" data-testid={`planning-total-amount-${node.id}`}>
                {formatMoneyOrDash(node.figures.amount)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {complete ? null : <p className="muted planning-totals__note">Cargando líneas: los totales se completan al terminar.</p>}
    </div>
  );
}
