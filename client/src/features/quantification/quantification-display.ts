// How the quantification views write a difference in units: exact, signed, with its class.
import { formatQuantity } from '../../platform/lib/format.ts';

/** "+1,200", "−300", "0": a difference in units, as given (exact). */
export function formatSignedQuantity(value: string | null): string {
  if (value === null) return '—';
  if (!/[1-9]/.test(value)) return '0';
  return value.startsWith('-') ? `−${formatQuantity(value.slice(1))}` : `+${formatQuantity(value)}`;
}

export function differenceClass(value: string | null): string {
  if (value === null || !/[1-9]/.test(value)) return 'num';
  return value.startsWith('-') ? 'num difference difference--down' : 'num difference difference--up';
}
