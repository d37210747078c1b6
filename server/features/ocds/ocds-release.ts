// A selection process as an OCDS 1.1 release (Open Contracting Data Standard, the format Peru's
// registry SEACE publishes in). Pure: the process and its lines in, the release object out, with
// every amount, price and quantity a RawNumber that the serializer (ocds-json.ts) writes exactly as
// the database's decimal string, never through a JS number.
import { createHash } from 'node:crypto';
import type { Channel, Process, Segment } from '../../../shared/domain.ts';
import { sumMoney } from '../../../shared/money.ts';
import { ESSALUD, MINSA, type ProcessStatus } from '../../../shared/procurement.ts';
import { RawNumber, writeJson } from './ocds-json.ts';

/** Until EsSalud registers its own with the Open Contracting Partnership (ocds-xxxxxx-). */
export const DEFAULT_OCID_PREFIX = 'ocds-abastece-';

/** ABASTECE_OCDS_PREFIX from the environment; unset or blank: the default. */
export const ocidPrefixFromEnv = (value: string | undefined) => value?.trim() || DEFAULT_OCID_PREFIX;

export const CURRENCY = 'PEN';

export interface OcdsLineInput {
  lineId: number;
  item: { code: string; name: string; dosageForm: string };
  quantity: string | null;
  referenceUnitPrice: string | null;
  referenceAmount: string | null;
  supplier: { ruc: string; name: string } | null;
  awardedUnitPrice: string | null;
  awardedQuantity: string | null;
  awardedAmount: string | null;
}

export interface OcdsProcessInput {
  id: number;
  code: string;
  title: string;
  channel: Channel;
  segment: Segment | null;
  type: Process;
  status: ProcessStatus;
  /** yyyy-mm-dd (Lima dates), null until that step happens. */
  calledOn: string | null;
  awardedOn: string | null;
  contractedOn: string | null;
  /** When the process last changed status (or was created). */
  changedAt: Date;
  /** Its lines: the live ones, or for a void or deserted process those it had when it ended. */
  lines: OcdsLineInput[];
}

// ---------------------------------------------------------------------------------------------
// Codes (each from its OCDS codelist; the tests check them against the codelists)

/** releaseTag: what the release is about at this status. */
export const releaseTags: Record<ProcessStatus, string> = {
  programado: 'planning',
  convocado: 'tender',
  adjudicado: 'award',
  consentido: 'award',
  contratado: 'contract',
  // Deserted: the tender ends unsuccessful, which is an update of it; annulled: its cancellation.
  desierto: 'tenderUpdate',
  nulo: 'tenderCancellation',
};

/** tenderStatus. */
export const tenderStatuses: Record<ProcessStatus, string> = {
  programado: 'planned',
  convocado: 'active',
  adjudicado: 'complete',
  consentido: 'complete',
  contratado: 'complete',
  desierto: 'unsuccessful',
  nulo: 'cancelled',
};

/**
 * method. A reverse auction and a conventional tender are called publicly in SEACE: any supplier
 * may bid (open). An unscheduled purchase is bought outside the plan from suppliers the entity asks
 * for quotes (several, so not `direct`, which is a single supplier without competition): limited.
 */
export const procurementMethods: Record<Process, string> = {
  reverse_auction: 'open',
  conventional: 'open',
  unscheduled: 'limited',
};

/** procurementMethodDetails, in Spanish as SEACE writes them. */
export const procurementMethodDetails: Record<Process, string> = {
  reverse_auction: 'Subasta inversa',
  conventional: 'Proceso convencional',
  unscheduled: 'Compra no programada',
};

/**
 * awardStatus: pending until the award is firm (consentimiento de la buena pro), active after;
 * cancelled when the process is annulled after its award.
 */
const awardStatuses: Partial<Record<ProcessStatus, string>> = {
  adjudicado: 'pending',
  consentido: 'active',
  contratado: 'active',
  nulo: 'cancelled',
};

/**
 * Items are classified by their code in EsSalud's formulary (Petitorio Farmacológico). No scheme
 * of the open itemClassificationScheme codelist names it, so it gets an `x_` scheme of its own.
 */
export const ITEM_SCHEME = 'x_ESSALUD-PETITORIO';
export const PARTY_SCHEME = 'PE-RUC';

// ---------------------------------------------------------------------------------------------
// Mapping

/** A calendar date in Lima (UTC−5, no daylight saving) as a date-time: its start. */
const limaDateTime = (date: string) => `${date}T00:00:00-05:00`;

/** An instant as Lima's date-time, to the second. */
export function limaInstant(at: Date): string {
  return `${new Date(at.getTime() - 5 * 3_600_000).toISOString().slice(0, 19)}-05:00`;
}

const partyId = (ruc: string) => `${PARTY_SCHEME}-${ruc}`;
const reference = (party: { ruc: string; name: string }) => ({ id: partyId(party.ruc), name: party.name });
const money = (amount: string) => ({ amount: new RawNumber(amount), currency: CURRENCY });

function party(entity: { ruc: string; name: string }, roles: string[]) {
  return { id: partyId(entity.ruc), name: entity.name, identifier: { scheme: PARTY_SCHEME, id: entity.ruc, legalName: entity.name }, roles };
}

function item(line: OcdsLineInput, quantity: string | null, unitPrice: string | null) {
  return {
    id: String(line.lineId),
    description: line.item.name,
    classification: { scheme: ITEM_SCHEME, id: line.item.code, description: line.item.name },
    ...(quantity === null ? {} : { quantity: new RawNumber(quantity) }),
    unit: { name: line.item.dosageForm, ...(unitPrice === null ? {} : { value: money(unitPrice) }) },
  };
}

type Supplier = NonNullable<OcdsLineInput['supplier']>;

/**
 * The awarded lines by supplier, in the order they first appear. Published once the process is
 * awarded (while it is called, awards are still being entered), and kept, cancelled, when it is
 * annulled after its award.
 */
function awardedBySupplier(process: OcdsProcessInput): { supplier: Supplier; lines: OcdsLineInput[] }[] {
  if (awardStatuses[process.status] === undefined || (process.status === 'nulo' && process.awardedOn === null)) return [];
  const bySupplier = new Map<string, { supplier: Supplier; lines: OcdsLineInput[] }>();
  for (const line of process.lines) {
    if (line.supplier === null) continue;
    const group = bySupplier.get(line.supplier.ruc) ?? { supplier: line.supplier, lines: [] };
    group.lines.push(line);
    bySupplier.set(line.supplier.ruc, group);
  }
  return [...bySupplier.values()];
}

function awardsOf(process: OcdsProcessInput, awarded: { supplier: Supplier; lines: OcdsLineInput[] }[]) {
  return awarded.map(({ supplier, lines }) => ({
    id: `${process.id}-${supplier.ruc}`,
    status: awardStatuses[process.status]!,
    ...(process.awardedOn === null ? {} : { date: limaDateTime(process.awardedOn) }),
    value: money(sumMoney(lines.map((line) => line.awardedAmount!))),
    suppliers: [reference(supplier)],
    items: lines.map((line) => item(line, line.awardedQuantity, line.awardedUnitPrice)),
  }));
}

/** The release of one process but its ocid and id, which come first. */
function releaseContent(process: OcdsProcessInput): Record<string, unknown> {
  const procuringEntity = process.channel === 'minsa_corporate' ? MINSA : ESSALUD;
  const awarded = awardedBySupplier(process);
  const awards = awardsOf(process, awarded);
  const contracts =
    process.status === 'contratado'
      ? awards.map((award) => ({
          id: `${award.id}-contrato`,
          awardID: award.id,
          status: 'active',
          value: award.value,
          ...(process.contractedOn === null ? {} : { dateSigned: limaDateTime(process.contractedOn) }),
        }))
      : [];
  const supplierRoles = process.status === 'nulo' ? ['tenderer'] : ['tenderer', 'supplier'];
  const references = process.lines.flatMap((line) => (line.referenceAmount === null ? [] : [line.referenceAmount]));

  return {
    date: limaInstant(process.changedAt),
    tag: [releaseTags[process.status]],
    initiationType: 'tender',
    language: 'es',
    parties: [
      party(ESSALUD, procuringEntity === ESSALUD ? ['buyer', 'procuringEntity'] : ['buyer']),
      ...(procuringEntity === MINSA ? [party(MINSA, ['procuringEntity'])] : []),
      ...awarded.map(({ supplier }) => party(supplier, supplierRoles)),
    ],
    buyer: reference(ESSALUD),
    tender: {
      id: process.code,
      title: process.title,
      status: tenderStatuses[process.status],
      procuringEntity: reference(procuringEntity),
      items: process.lines.map((line) => item(line, line.quantity, line.referenceUnitPrice)),
      ...(references.length === 0 ? {} : { value: money(sumMoney(references)) }),
      procurementMethod: procurementMethods[process.type],
      procurementMethodDetails: procurementMethodDetails[process.type],
      mainProcurementCategory: 'goods',
      ...(process.calledOn === null ? {} : { tenderPeriod: { startDate: limaDateTime(process.calledOn) } }),
      // The tenderers known: those awarded (the others' bids are not recorded here).
      ...(awarded.length === 0 ? {} : { tenderers: awarded.map(({ supplier }) => reference(supplier)) }),
    },
    ...(awards.length === 0 ? {} : { awards }),
    ...(contracts.length === 0 ? {} : { contracts }),
  };
}

/** Unique within the ocid: the same content gets the same id, any change a new one. */
const releaseId = (ocid: string, contentJson: string) => `${ocid}-${createHash('sha256').update(contentJson).digest('hex').slice(0, 16)}`;

/** The release of one process; `ocidPrefix` + the process id is its ocid. */
export function processRelease(process: OcdsProcessInput, ocidPrefix: string): Record<string, unknown> {
  const ocid = `${ocidPrefix}${process.id}`;
  const content = releaseContent(process);
  return { ocid, id: releaseId(ocid, writeJson(content)), ...content };
}

/** writeJson(processRelease(…)), serializing the release once (the export writes a thousand of them). */
export function releaseJson(process: OcdsProcessInput, ocidPrefix: string): string {
  const ocid = `${ocidPrefix}${process.id}`;
  const content = writeJson(releaseContent(process));
  return `{"ocid":${JSON.stringify(ocid)},"id":${JSON.stringify(releaseId(ocid, content))},${content.slice(1)}`;
}

/** The package's opening, up to the releases array, and its closing: the releases go between. */
export function packageFrame(options: { uri: string; publishedDate: Date }): { head: string; tail: string } {
  const head = writeJson({
    uri: options.uri,
    version: '1.1',
    publishedDate: limaInstant(options.publishedDate),
    publisher: { name: ESSALUD.name, scheme: PARTY_SCHEME, uid: ESSALUD.ruc },
    releases: [],
  });
  // `[]}`: the releases array is the last member; open it.
  return { head: head.slice(0, -2), tail: ']}' };
}
