// The rules of an edit in the planning grid, with no React: which fields a cell edits, what a
// change implies for the others (EsSalud has no segment), the check with the shared zod schema the
// server parses with, and the amount shown while typing (shared lineAmount, as the server stores).
import type { PurchaseLineDto } from '../../../../shared/api.ts';
import type { Channel, Process, Segment } from '../../../../shared/domain.ts';
import { lineAmount } from '../../../../shared/money.ts';
import { mergedLineSchema } from '../../../../shared/planning-schemas.ts';

export const editableFields = ['channel', 'segment', 'process', 'quantity', 'unitPrice'] as const;
export type EditableField = (typeof editableFields)[number];

export interface LineFields {
  channel: Channel;
  segment: Segment | null;
  process: Process;
  quantity: string | null;
  unitPrice: string | null;
}

export type FieldErrors = Partial<Record<EditableField, string>>;

export function fieldsOf(line: PurchaseLineDto): LineFields {
  const { channel, segment, process, quantity, unitPrice } = line;
  return { channel, segment, process, quantity, unitPrice };
}

const GROUPED = /^\d{1,3}(,\d{3})+(\.\d+)?$/;

/** What the user typed in a quantity or price cell: blank is "none", "1,250.5" loses its grouping. */
export function readDecimalText(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return GROUPED.test(trimmed) ? trimmed.replaceAll(',', '') : trimmed;
}

/**
 * The line's fields with one changed. Moving a line to EsSalud drops its segment; moving it to the
 * MINSA corporate purchase gives it the segment its item belongs to (oncological or not).
 */
export function withChange(line: PurchaseLineDto, base: LineFields, field: EditableField, value: string | null): LineFields {
  const next: LineFields = { ...base, [field]: value } as LineFields;
  if (field === 'channel') {
    if (value === 'essalud') next.segment = null;
    else if (value === 'minsa_corporate' && next.segment === null) next.segment = line.item.oncology ? 'oncology' : 'medicines';
  }
  return next;
}

/** Spanish messages per field from the shared schema, or null when the server would accept it. */
export function validateLine(fields: LineFields): FieldErrors | null {
  const result = mergedLineSchema.safeParse(fields);
  if (result.success) return null;
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && (editableFields as readonly string[]).includes(field)) {
      errors[field as EditableField] ??= issue.message;
    }
  }
  if (Object.keys(errors).length === 0) errors.quantity = result.error.issues[0]?.message ?? 'Valor no válido';
  return errors;
}

const DECIMAL4 = /^\d{1,10}(\.\d{1,4})?$/;

/** The amount of the line as typed so far, or null while either figure is missing or not a number yet. */
export function draftAmount(quantity: string | null, unitPrice: string | null): string | null {
  if (quantity === null || unitPrice === null || !DECIMAL4.test(quantity) || !DECIMAL4.test(unitPrice)) return null;
  return lineAmount(quantity, unitPrice);
}

/** The fields that differ (what a PATCH sends). */
export function changedFields(before: LineFields, after: LineFields): Partial<LineFields> {
  const changes: Partial<LineFields> = {};
  for (const field of editableFields) {
    if (before[field] !== after[field]) (changes as Record<string, unknown>)[field] = after[field];
  }
  return changes;
}

/** A line shown with fields not yet confirmed by the server: its amount computed the server's way. */
export function optimisticLine(line: PurchaseLineDto, fields: LineFields): PurchaseLineDto {
  return { ...line, ...fields, amount: draftAmount(fields.quantity, fields.unitPrice) };
}

/** Same decimal written alike ("12.50" and "12.5000"), so an edit that changes nothing is not sent. */
export function sameDecimal(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const strip = (text: string) => (text.includes('.') ? text.replace(/\.?0+$/, '') : text).replace(/^0+(?=\d)/, '');
  return strip(a) === strip(b);
}
