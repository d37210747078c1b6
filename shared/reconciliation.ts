// Variance of executed against planned (issue 13), the rules in one place: the server's summary
// (which sums in SQL) and the client's what-if of a tolerance both apply these to exact sums.
import { MoneyDecimal, subtractMoney } from './money.ts';
import { divideRounded } from './exact-division.ts';
import { channelLabels, processLabels, segmentLabels, type Channel, type Process, type Segment } from './domain.ts';

export interface Tolerance {
  /** Soles, a canonical money string ≥ 0. */
  amount: string;
  /** Percent of planned, up to two decimals, 0–100. */
  percent: string;
}

/** Until finance sets one, a programme's tolerance is zero: every difference shows. */
export const ZERO_TOLERANCE: Tolerance = { amount: '0.00', percent: '0' };

/** executed − planned, exact: positive is overspend. */
export const varianceDifference = (planned: string, executed: string): string => subtractMoney(executed, planned);

/**
 * difference ÷ planned × 100, half up (away from zero) to two decimals; null when nothing was
 * planned (no percent of zero).
 */
export function variancePercent(planned: string, difference: string): string | null {
  if (new MoneyDecimal(planned).isZero()) return null;
  return divideRounded(new MoneyDecimal(difference).times(100), new MoneyDecimal(planned), 2, 'halfUp');
}

/**
 * Within tolerance when the difference, either way, is at most the amount and at most the
 * percent of planned (both, as SAP's tolerance keys check both limits). Nothing planned and
 * something executed is within only up to the amount.
 */
export function withinTolerance(difference: string, percent: string | null, tolerance: Tolerance): boolean {
  const size = new MoneyDecimal(difference).abs();
  if (size.greaterThan(tolerance.amount)) return false;
  if (percent === null) return true;
  return new MoneyDecimal(percent).abs().lessThanOrEqualTo(tolerance.percent);
}

/** The three figures of a node or line, from its exact planned and executed sums. */
export function variance(planned: string, executed: string, tolerance: Tolerance) {
  const difference = varianceDifference(planned, executed);
  const percent = variancePercent(planned, difference);
  return { difference, percent, withinTolerance: withinTolerance(difference, percent, tolerance) };
}

/** What a sign-off covers, in Spanish: «Compra EsSalud · Proceso convencional · LP-017-2011». */
export function signOffScopeLabel(scope: { channel: Channel; segment: Segment | null; processType: Process | null; processCode: string | null }): string {
  return [
    channelLabels[scope.channel],
    scope.segment === null ? null : segmentLabels[scope.segment],
    scope.processType === null ? null : processLabels[scope.processType],
    scope.processCode === null ? null : `proceso ${scope.processCode}`,
  ]
    .filter((part) => part !== null)
    .join(' · ');
}

/** A moment as Lima reads it (UTC−5, no daylight saving): 04/12/2026 15:10. */
export function limaDateTime(at: string | Date): string {
  const [date, time] = new Date(new Date(at).getTime() - 5 * 3600_000).toISOString().split('T') as [string, string];
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y} ${time.slice(0, 5)}`;
}

/** Why a write is refused while a sign-off is in force (the 409's detail). */
export function signOffLockMessage(signOff: Parameters<typeof signOffScopeLabel>[0] & { id: number; signedBy: string; signedAt: string | Date }): string {
  return (
    `Está conciliado y conforme: la conformidad N.º ${signOff.id} (${signOffScopeLabel(signOff)}), firmada por ${signOff.signedBy} ` +
    `el ${limaDateTime(signOff.signedAt)}, bloquea sus líneas. Un administrador debe reabrirla para cambiarlas.`
  );
}
