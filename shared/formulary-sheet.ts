// The formulary as a spreadsheet: its columns (which are required, and the default of the optional
// one), how headings people write are recognised, and how a row of cells becomes an item. Export
// writes what import reads back, so a round trip changes nothing.
import { z } from 'zod';
import { itemInputSchema, type ItemInput } from './api-schemas.ts';
import { supplyListLabels, supplyLists, venClasses, venLabels, type SupplyList, type VenClass } from './domain.ts';
import { sheetHeaders, sheetKeys, type SheetKey } from './formulary-columns.ts';
import { fold, quoteValue, type ImportColumn } from './import-columns.ts';

export { sheetHeaders, sheetKeys, type SheetKey };

const column = (key: SheetKey, aliases: string[], optional?: { defaultValue: string }): ImportColumn<SheetKey> => ({
  key,
  label: sheetHeaders[key],
  aliases,
  required: !optional,
  ...optional,
});

/**
 * The columns import reads. What identifies and classifies an item is required; «Oncológico» is
 * optional, as most formularies do not mark oncology items: a new item is then not one («No»),
 * and an item the file updates keeps what it had.
 */
export const formularyColumns: readonly ImportColumn<SheetKey>[] = [
  column('code', ['codigo', 'code', 'cod', 'cod. sap', 'codigo sap', 'material']),
  column('dci', ['denominacion', 'dci', 'name', 'nombre', 'principio activo', 'denominacion comun internacional']),
  column('strength', ['concentracion', 'strength', 'concentration']),
  column('dosageForm', ['forma farmaceutica', 'dosage form', 'forma', 'presentacion']),
  column('supplyList', ['cartilla', 'supply list', 'lista', 'cartilla de suministro', 'tipo de suministro']),
  column('therapeuticGroup', ['grupo terapeutico', 'therapeutic group', 'grupo', 'grupo farmacologico']),
  column('ven', ['ven', 'clase ven', 'clasificacion ven', 'ven class']),
  column('oncology', ['oncologico', 'oncology', 'oncologia'], { defaultValue: 'No' }),
];

// Words a cell may hold for a coded value, folded. Maps, so a cell such as «constructor» is no word.
const supplyListWords = new Map<string, SupplyList>(Object.entries({
  ...Object.fromEntries(supplyLists.map((code) => [code, code])),
  ...Object.fromEntries(supplyLists.map((code) => [fold(supplyListLabels[code]), code])),
  centralizado: 'centralized', 'cartilla de suministro centralizado': 'centralized', c: 'centralized',
  'cartilla de suministro local': 'local', l: 'local',
} satisfies Record<string, SupplyList>));

const venWords = new Map<string, VenClass>(Object.entries({
  ...Object.fromEntries(venClasses.map((code) => [code, code])),
  ...Object.fromEntries(venClasses.map((code) => [fold(venLabels[code]), code])),
  v: 'vital', e: 'essential', n: 'non_essential', 'non-essential': 'non_essential', 'no-esencial': 'non_essential',
} satisfies Record<string, VenClass>));

const yesNo = new Map<string, boolean>(Object.entries({ si: true, s: true, yes: true, y: true, true: true, '1': true, x: true, no: false, n: false, false: false, '0': false, '': false }));

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

/** A cell holding one of `words` (folded), read as its code. */
const wordCell = <T>(words: ReadonlyMap<string, T>, expected: string) =>
  z.string().transform((text, ctx): T => {
    const value = words.get(fold(text));
    if (value !== undefined) return value;
    ctx.addIssue({ code: 'custom', message: `Valor no reconocido ${quoteValue(text.trim())}: se espera ${expected}` });
    return z.NEVER;
  });

/**
 * One row of a formulary file, its cells by column, as an item; `oncology` is absent when the
 * file has no such column. Each issue names its column (its path).
 */
export const formularyRowSchema = z.object({
  code: itemInputSchema.shape.code,
  dci: itemInputSchema.shape.dci,
  strength: itemInputSchema.shape.strength,
  dosageForm: itemInputSchema.shape.dosageForm,
  supplyList: wordCell(supplyListWords, '«Suministro centralizado» o «Suministro local»'),
  therapeuticGroup: itemInputSchema.shape.therapeuticGroup,
  ven: wordCell(venWords, '«Vital», «Esencial» o «No esencial»'),
  oncology: wordCell(yesNo, '«Sí» o «No»').optional(),
});
export type FormularyRow = z.output<typeof formularyRowSchema>;

/** What a new item gets for each optional column a file lacks: the column's default, read as a cell. */
export const newItemDefaults: Pick<ItemInput, 'oncology'> = formularyRowSchema
  .pick({ oncology: true })
  .required()
  .parse(Object.fromEntries(formularyColumns.flatMap((column) => (column.defaultValue === undefined ? [] : [[column.key, column.defaultValue]]))));
