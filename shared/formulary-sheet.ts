// The formulary as a spreadsheet: its columns, how headers people write are recognised, and how
// cells become an item. Export writes what import reads back, so a round trip changes nothing.
import { itemInputSchema, type ItemInput } from './api-schemas.ts';
import { supplyListLabels, supplyLists, venClasses, venLabels, type SupplyList, type VenClass } from './domain.ts';
import { sheetHeaders, sheetKeys, type SheetKey } from './formulary-columns.ts';

export { sheetHeaders, sheetKeys, type SheetKey };

/** Headers as found in real files (Spanish and English), compared without case or accents. */
const headerAliases: Record<SheetKey, string[]> = {
  code: ['codigo', 'code', 'cod', 'cod. sap', 'codigo sap', 'material'],
  dci: ['denominacion', 'dci', 'name', 'nombre', 'principio activo', 'denominacion comun internacional'],
  strength: ['concentracion', 'strength', 'concentration'],
  dosageForm: ['forma farmaceutica', 'dosage form', 'forma', 'presentacion'],
  supplyList: ['cartilla', 'supply list', 'lista', 'cartilla de suministro', 'tipo de suministro'],
  therapeuticGroup: ['grupo terapeutico', 'therapeutic group', 'grupo', 'grupo farmacologico'],
  ven: ['ven', 'clase ven', 'clasificacion ven', 'ven class'],
  oncology: ['oncologico', 'oncology', 'oncologia'],
};

/** Characters of a cell that a message quotes: enough to find it, never a whole hostile value. */
const QUOTED_CHARS = 40;

/** A cell's value as every message quotes it: «the first 40 characters…». */
export function quoteValue(text: string): string {
  const prefix = Array.from(text.slice(0, QUOTED_CHARS * 2)).slice(0, QUOTED_CHARS).join('');
  return `«${prefix.length < text.length ? `${prefix}…` : prefix}»`;
}

export const fold = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** The column each header stands for (null: not recognised). */
export function matchHeaders(headers: readonly string[]): (SheetKey | null)[] {
  const taken = new Set<SheetKey>();
  return headers.map((header) => {
    const folded = fold(header);
    const key = sheetKeys.find((candidate) => !taken.has(candidate) && headerAliases[candidate].includes(folded));
    if (!key) return null;
    taken.add(key);
    return key;
  });
}

const supplyListWords: Record<string, SupplyList> = {
  ...Object.fromEntries(supplyLists.map((code) => [code, code])),
  ...Object.fromEntries(supplyLists.map((code) => [fold(supplyListLabels[code]), code])),
  centralizado: 'centralized', 'cartilla de suministro centralizado': 'centralized', c: 'centralized',
  'cartilla de suministro local': 'local', l: 'local',
};

const venWords: Record<string, VenClass> = {
  ...Object.fromEntries(venClasses.map((code) => [code, code])),
  ...Object.fromEntries(venClasses.map((code) => [fold(venLabels[code]), code])),
  v: 'vital', e: 'essential', n: 'non_essential', 'non-essential': 'non_essential', 'no-esencial': 'non_essential',
};

const yesNo: Record<string, boolean> = { si: true, s: true, yes: true, y: true, true: true, '1': true, x: true, no: false, n: false, false: false, '0': false, '': false };

/** How export writes each value (import reads all of these back). */
export function itemToSheetRow(item: ItemInput): Record<SheetKey, string> {
  return {
    code: item.code,
    dci: item.dci,
    strength: item.strength,
    dosageForm: item.dosageForm,
    supplyList: supplyListLabels[item.supplyList],
    therapeuticGroup: item.therapeuticGroup,
    ven: venLabels[item.ven],
    oncology: item.oncology ? 'Sí' : 'No',
  };
}

export interface CellError {
  column: SheetKey;
  message: string;
}

/** Reads one row of cells (by column) into an item, or says what is wrong, column by column. */
export function sheetRowToItem(cells: Partial<Record<SheetKey, string>>): { item: ItemInput } | { errors: CellError[] } {
  const errors: CellError[] = [];
  const text = (key: SheetKey) => (cells[key] ?? '').trim();
  const lookUp = <T>(key: SheetKey, words: Record<string, T>, expected: string): T | undefined => {
    const value = words[fold(text(key))];
    if (value === undefined) errors.push({ column: key, message: `Valor no reconocido ${quoteValue(text(key))}: se espera ${expected}` });
    return value;
  };
  const candidate = {
    code: text('code'),
    dci: text('dci'),
    strength: text('strength'),
    dosageForm: text('dosageForm'),
    supplyList: lookUp('supplyList', supplyListWords, '«Suministro centralizado» o «Suministro local»'),
    therapeuticGroup: text('therapeuticGroup'),
    ven: lookUp('ven', venWords, '«Vital», «Esencial» o «No esencial»'),
    oncology: lookUp('oncology', yesNo, '«Sí» o «No»'),
  };
  if (errors.length > 0) return { errors };
  const parsed = itemInputSchema.safeParse(candidate);
  if (parsed.success) return { item: parsed.data };
  return {
    errors: parsed.error.issues.map((issue) => ({ column: issue.path[0] as SheetKey, message: issue.message })),
  };
}
