// Display formatting that is not money (money lives in shared/money.ts). Quantities and unit
// prices arrive as decimal strings: they are formatted by string manipulation, never via Number.
import { groupThousands } from '../../../../shared/money.ts';

/** A count (a safe integer, never money): 919 -> "919", 1250 -> "1,250". */
export function formatCount(value: number): string {
  return groupThousands(String(Math.trunc(value)));
}

const decimalPattern = /^-?\d+(\.\d+)?$/;

/**
 * A decimal quantity string: thousands separators on the integer part; a fractional part made
 * only of zeros is dropped ("1250000.000" -> "1,250,000"), any other is kept as given.
 */
export function formatQuantity(value: string | null): string {
  if (value === null || value === '') return '—';
  const trimmed = value.trim();
  if (!decimalPattern.test(trimmed)) return trimmed;
  const [integerPart = '0', fraction = ''] = trimmed.split('.');
  const keepFraction = /[1-9]/.test(fraction);
  return keepFraction ? `${groupThousands(integerPart)}.${fraction}` : groupThousands(integerPart);
}

/** A unit price string shown with its decimals as given ("0.0523"), grouped ("1,234.5000"). */
export function formatUnitPrice(value: string | null): string {
  if (value === null || value === '') return '—';
  const trimmed = value.trim();
  if (!decimalPattern.test(trimmed)) return trimmed;
  const [integerPart = '0', fraction] = trimmed.split('.');
  return fraction === undefined ? groupThousands(integerPart) : `${groupThousands(integerPart)}.${fraction}`;
}

/** "1 ítem" / "2 ítems" (Spanish plurals for the nouns this UI needs). */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 || count === -1 ? singular : pluralForm}`;
}

/** A signed count: +1, −2, 0 (true minus sign for readability). */
export function formatSignedCount(value: number): string {
  if (value > 0) return `+${formatCount(value)}`;
  if (value < 0) return `−${formatCount(-value)}`;
  return '0';
}

// Dates and times are shown in Peru's time zone, whatever the browser's, so everyone at EsSalud
// reads the same moment the same way ("26/11/2026 16:40").
const dateTimeFormat = new Intl.DateTimeFormat('es-PE', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'America/Lima',
});

/** An ISO 8601 instant as "26/11/2026 16:40" (Lima time); "—" for null, the input if unparseable. */
export function formatDateTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(dateTimeFormat.formatToParts(date).map((part) => [part.type, part.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** True when an ISO instant lies in the future (a lock-out still running). */
export function isFuture(iso: string | null | undefined, now = Date.now()): boolean {
  if (!iso) return false;
  const at = Date.parse(iso);
  return !Number.isNaN(at) && at > now;
}
