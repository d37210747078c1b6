// How the procurement pages show a process's status and kind, a saving and its percentage.
import type { Channel, Process, Segment } from '../../../../shared/domain.ts';
import { channelLabels, processLabels, segmentLabels } from '../../../../shared/domain.ts';
import { compareMoney, formatMoney } from '../../../../shared/money.ts';
import { processStatusLabels, saving, type ProcessStatus } from '../../../../shared/procurement.ts';
import type { ProcessDto, ProcessSavings, RuleViolation } from '../../../../shared/procurement-api.ts';

export function ProcessStatusBadge({ status, testId }: { status: ProcessStatus; testId?: string }) {
  return (
    <span className={`status-badge process-status process-status--${status}`} data-testid={testId}>
      {processStatusLabels[status]}
    </span>
  );
}

/** "Compra Corporativa MINSA · Medicamentos", "Compra EsSalud". */
export function kindLabel({ channel, segment }: { channel: Channel; segment: Segment | null }): string {
  return segment ? `${channelLabels[channel]} · ${segmentLabels[segment]}` : channelLabels[channel];
}

/** What a process buys by: its channel, segment and type, in one line. */
export function processKindLabel(process: { channel: Channel; segment: Segment | null; type: Process }): string {
  return `${kindLabel(process)} · ${processLabels[process.type]}`;
}

/** "17.46 %", "−5.00 %" (the minus money is written with), or "—" when the base is zero. */
export function formatPercent(percent: string | null): string {
  return percent === null ? '—' : `${percent.replace(/^-/, '−')} %`;
}

/** A saving as it is: a negative one (awarded above the reference) is marked, never hidden. */
export function SavingAmount({ amount, testId }: { amount: string; testId?: string }) {
  const negative = compareMoney(amount, '0') < 0;
  return (
    <span className={negative ? 'saving saving--negative' : 'saving'} data-testid={testId}>
      {formatMoney(amount)}
      {negative ? <span className="saving__note"> (sobre la referencia)</span> : null}
    </span>
  );
}

/** yyyy-mm-dd as the officer reads it: 31/03/2012; "—" when not yet. */
export function formatIsoDate(date: string | null): string {
  if (!date) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : date;
}

/** A rule a line or a process breaks: an icon whose tooltip and accessible name give the reason. */
export function RuleFlag({ violations }: { violations: readonly RuleViolation[] }) {
  const reasons = violations.map((violation) => violation.reason).join(' · ');
  return (
    <span className="rule-flag" role="img" aria-label={`Incumple una regla de proceso: ${reasons}`} title={reasons} data-testid="rule-flag">
      ⚠
    </span>
  );
}

/** A process's saving over its awarded lines, as the savings report measures it; null before any award. */
export function processSaving(process: ProcessDto): Pick<ProcessSavings, 'saving' | 'percent' | 'awardedLines'> | null {
  if (process.awardedReference === null || process.awarded === null) return null;
  return { ...saving(process.awardedReference, process.awarded), awardedLines: process.lines - process.unawardedLines };
}
