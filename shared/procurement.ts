// Selection processes (issue 12): how a programme's planned lines become purchases, from call to
// contract, and what each process saved against its reference value. Pure: codes, Spanish labels,
// the allowed status transitions, the RUC check and the saving's percentage.
import type { Channel, Process, Segment } from './domain.ts';
import { compareMoney, MoneyDecimal, subtractMoney } from './money.ts';

/**
 * A process's status, as Peru's procurement law names the stages. `desierto` (no valid bid) and
 * `nulo` (annulled) end a process: its lines return to "not assigned" and may join a new process.
 */
export const processStatuses = ['programado', 'convocado', 'adjudicado', 'consentido', 'contratado', 'desierto', 'nulo'] as const;
export type ProcessStatus = (typeof processStatuses)[number];

export const processStatusLabels: Record<ProcessStatus, string> = {
  programado: 'Programado',
  convocado: 'Convocado',
  adjudicado: 'Adjudicado',
  consentido: 'Consentido',
  contratado: 'Contratado',
  desierto: 'Desierto',
  nulo: 'Nulo',
};

/** Where each status may go next. A process is declared void (nulo) at any stage before its contract. */
export const processTransitions: Record<ProcessStatus, readonly ProcessStatus[]> = {
  programado: ['convocado', 'nulo'],
  convocado: ['adjudicado', 'desierto', 'nulo'],
  adjudicado: ['consentido', 'nulo'],
  consentido: ['contratado', 'nulo'],
  contratado: [],
  desierto: [],
  nulo: [],
};

/** A process that ended without a contract: its lines are released. */
export const endedWithoutContract: readonly ProcessStatus[] = ['desierto', 'nulo'];

/** Lines join or leave a process only before it is awarded. */
export const lineAssignmentOpen: readonly ProcessStatus[] = ['programado', 'convocado'];

/** Awards (supplier, awarded price and quantity) are entered once called, until consent. */
export const awardEntryOpen: readonly ProcessStatus[] = ['convocado', 'adjudicado'];

export function canMoveProcess(from: ProcessStatus, to: ProcessStatus): boolean {
  return processTransitions[from].includes(to);
}

/** What a process's lines must share with it. */
export interface ProcessKind {
  channel: Channel;
  segment: Segment | null;
  type: Process;
}

/**
 * The first field in which a line disagrees with its process, or null when it fits. The order is
 * the order an officer reads them in: channel, then segment, then process type.
 */
export function lineMismatch(process: ProcessKind, line: { channel: Channel; segment: Segment | null; process: Process }): 'channel' | 'segment' | 'type' | null {
  if (line.channel !== process.channel) return 'channel';
  if (line.segment !== process.segment) return 'segment';
  if (line.process !== process.type) return 'type';
  return null;
}

// ---------------------------------------------------------------------------------------------
// RUC (Registro Único de Contribuyentes)

/** EsSalud, the buyer of every process. */
export const ESSALUD = { ruc: '20131257750', name: 'Seguro Social de Salud - EsSalud' } as const;
/** The Ministry of Health, procuring entity of the corporate purchases. */
export const MINSA = { ruc: '20131373237', name: 'Ministerio de Salud - MINSA' } as const;

const RUC_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;
/** Taxpayer types SUNAT issues: 10 persons, 15/16/17 other persons and entities, 20 companies. */
const RUC_PREFIXES = ['10', '15', '16', '17', '20'] as const;

/**
 * Why a RUC is not valid (Spanish, for the field's message), or null when it is. SUNAT's check
 * digit: the first ten digits weighted 5 4 3 2 7 6 5 4 3 2, summed; 11 − (sum mod 11), where 10
 * becomes 0 and 11 becomes 1, must equal the eleventh digit.
 */
export function rucProblem(ruc: string): string | null {
  if (!/^\d+$/.test(ruc)) return 'El RUC solo lleva dígitos';
  if (ruc.length !== 11) return `El RUC tiene 11 dígitos, no ${ruc.length}`;
  if (!RUC_PREFIXES.some((prefix) => ruc.startsWith(prefix))) return 'El RUC empieza por 10, 15, 16, 17 o 20';
  const sum = RUC_WEIGHTS.reduce((total, weight, i) => total + weight * Number(ruc[i]), 0);
  const check = (11 - (sum % 11)) % 10;
  if (check !== Number(ruc[10])) return 'El dígito verificador del RUC no corresponde';
  return null;
}

export const isValidRuc = (ruc: string) => rucProblem(ruc) === null;

// ---------------------------------------------------------------------------------------------
// Savings

/**
 * Saving of an award against its reference: reference − awarded (negative when the award is
 * above the reference, reported as it is), and its percentage of the reference, half up to two
 * decimals; null when the reference is zero.
 */
export function saving(reference: string, awarded: string): { saving: string; percent: string | null } {
  const amount = subtractMoney(reference, awarded);
  if (compareMoney(reference, '0') === 0) return { saving: amount, percent: null };
  const percent = new MoneyDecimal(amount).times(100).dividedBy(reference).toDecimalPlaces(2, MoneyDecimal.ROUND_HALF_UP);
  return { saving: amount, percent: percent.isZero() ? '0.00' : percent.toFixed(2) };
}
