// The columns of the formulary sheet and their Spanish headers. Apart from formulary-sheet.ts,
// which reads cells with the zod schemas, so that the client's field labels (on every page) do not
// bring zod into the first load.
export const sheetKeys = ['code', 'dci', 'strength', 'dosageForm', 'supplyList', 'therapeuticGroup', 'ven', 'oncology'] as const;
export type SheetKey = (typeof sheetKeys)[number];

export const sheetHeaders: Record<SheetKey, string> = {
  code: 'Código',
  dci: 'Denominación',
  strength: 'Concentración',
  dosageForm: 'Forma farmacéutica',
  supplyList: 'Cartilla',
  therapeuticGroup: 'Grupo terapéutico',
  ven: 'VEN',
  oncology: 'Oncológico',
};
