// Turns the flat ProgrammeSummary (leaf rows + subtotals + totals) into the tree shown on screen:
// channel → segment (MINSA only) → process, followed by the grand total.
import type { Figures, ProgrammeSummary, SummaryRow, SummarySubtotal } from '../../../../shared/api.ts';
import {
  channelLabels,
  channels,
  compareSummaryKeys,
  processLabels,
  segmentLabels,
  segments,
  type Channel,
  type Process,
  type Segment,
} from '../../../../shared/domain.ts';

export type SummaryNodeKind = 'channel' | 'segment' | 'process' | 'total';

export interface SummaryNode {
  /** Stable id: "minsa_corporate", "minsa_corporate.oncology", "essalud.unscheduled", "total". */
  id: string;
  kind: SummaryNodeKind;
  label: string;
  figures: Figures;
  process?: Process;
  subRows: SummaryNode[];
}

const emptyFigures: Figures = { items: 0, amount: null, declaredItems: null, declaredAmount: null };

function figuresOf(source: Figures | undefined): Figures {
  if (!source) return emptyFigures;
  const { items, amount, declaredItems, declaredAmount } = source;
  return { items, amount, declaredItems, declaredAmount };
}

function leafNode(row: SummaryRow): SummaryNode {
  const prefix = row.segment === null ? row.channel : `${row.channel}.${row.segment}`;
  return {
    id: `${prefix}.${row.process}`,
    kind: 'process',
    label: processLabels[row.process],
    figures: figuresOf(row),
    process: row.process,
    subRows: [],
  };
}

function findSubtotal(subtotals: SummarySubtotal[], channel: Channel, segment: Segment | null) {
  return subtotals.find((subtotal) => subtotal.channel === channel && subtotal.segment === segment);
}

export function buildSummaryTree(summary: ProgrammeSummary): SummaryNode[] {
  const rows = [...summary.rows].sort(compareSummaryKeys);
  const nodes: SummaryNode[] = [];

  for (const channel of channels) {
    const channelRows = rows.filter((row) => row.channel === channel);
    const channelSubtotal = findSubtotal(summary.subtotals, channel, null);
    if (channelRows.length === 0 && !channelSubtotal) continue;

    const children: SummaryNode[] = [];
    // Lines without a segment hang directly from the channel (EsSalud has no segments).
    for (const row of channelRows.filter((r) => r.segment === null)) children.push(leafNode(row));
    for (const segment of segments) {
      const segmentRows = channelRows.filter((row) => row.segment === segment);
      const segmentSubtotal = findSubtotal(summary.subtotals, channel, segment);
      if (segmentRows.length === 0 && !segmentSubtotal) continue;
      children.push({
        id: `${channel}.${segment}`,
        kind: 'segment',
        label: segmentLabels[segment],
        figures: figuresOf(segmentSubtotal),
        subRows: segmentRows.map(leafNode),
      });
    }

    nodes.push({
      id: channel,
      kind: 'channel',
      label: channelLabels[channel],
      figures: figuresOf(channelSubtotal),
      subRows: children,
    });
  }

  nodes.push({ id: 'total', kind: 'total', label: 'Total general', figures: figuresOf(summary.totals), subRows: [] });
  return nodes;
}
