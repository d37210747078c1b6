// When two formulary items may be the same medicine: the same code once a spreadsheet's dropped
// leading zeros and case are ignored, or the same DCI, strength and dosage form compared folded
// (no case, accents or spaces: "500 mg" is "500mg"). A possible duplicate is a warning, never an
// error. The database keeps the same keys of every stored item (columns code_key and
// description_key, from the SQL functions of db/migrations/2026-12-01-item-duplicate-keys.ts);
// a test holds SQL and TypeScript to the same answers.
import type { DuplicateReason } from './api.ts';

export interface DuplicateFields {
  code: string;
  dci: string;
  strength: string;
  dosageForm: string;
}

// What fold_text (db/migrations/2026-11-26-initial-schema.ts) translates before lower().
const accented = 'ÁÀÂÄÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇáàâäãéèêëíìîïóòôöõúùûüñç';
const plain = 'AAAAAEEEEIIIIOOOOOUUUUNCaaaaaeeeeiiiiooooouuuunc';
const unaccented = new Map([...accented].map((letter, index) => [letter, plain[index]!]));
const accentedLetter = new RegExp(`[${accented}]`, 'g');
/** Space, tab, line breaks and the no-break spaces spreadsheets paste in. */
const spaces = /[ \t\n\r\u00a0\u202f]/g;

export const codeKey = (code: string): string => code.toLowerCase().replace(/^0+/, '');

export const textKey = (text: string): string =>
  text
    .replace(accentedLetter, (letter) => unaccented.get(letter)!)
    .toLowerCase()
    .replace(spaces, '');

/** DCI, strength and form, each folded; the separator keeps words from moving between them. */
export const descriptionKey = (item: Omit<DuplicateFields, 'code'>): string =>
  [item.dci, item.strength, item.dosageForm].map(textKey).join('\u001f');

export function duplicateReasons(a: DuplicateFields, b: DuplicateFields): DuplicateReason[] {
  const reasons: DuplicateReason[] = [];
  if (codeKey(a.code) === codeKey(b.code)) reasons.push('code');
  if (descriptionKey(a) === descriptionKey(b)) reasons.push('description');
  return reasons;
}

export const duplicateReasonLabels: Record<DuplicateReason, string> = {
  code: 'mismo código sin contar los ceros a la izquierda',
  description: 'misma denominación, concentración y forma farmacéutica',
};

export const describeReasons = (reasons: readonly DuplicateReason[]): string =>
  reasons.map((reason) => duplicateReasonLabels[reason]).join(' y ');

/** "Posible duplicado de 010100004 Paracetamol 500 mg Tableta (…)", or "de la fila 7: …" within a file. */
export function possibleDuplicateMessage(of: { code: string; name: string; row?: number }, reasons: readonly DuplicateReason[]): string {
  const where = of.row === undefined ? '' : `la fila ${of.row}: `;
  return `Posible duplicado de ${where}${of.code} ${of.name} (${describeReasons(reasons)}).`;
}
