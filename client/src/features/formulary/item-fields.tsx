// The fields of a formulary item, shared by "Nuevo ítem" and the "Datos" tab of an item: Código,
// Denominación (DCI), Concentración, Forma farmacéutica, Cartilla, Grupo terapéutico, VEN and
// Oncológico, Categoría presupuestal and Ficha técnica (bien común), each with its error beside it.
import { useId } from 'react';
import { useWatch, type Control } from 'react-hook-form';
import type { ItemDto } from '../../../../shared/api.ts';
import type { ItemInput } from '../../../../shared/api-schemas.ts';
import {
  budgetCategories,
  budgetCategoryLabels,
  supplyListLabels,
  supplyLists,
  venClasses,
  venLabels,
  type BudgetCategory,
  type SupplyList,
  type VenClass,
} from '../../../../shared/domain.ts';
import { FormCheckboxField, FormSelectField, FormTextField } from '../../platform/components/form-controls.tsx';
import { sheetHeaders } from '../../../../shared/formulary-columns.ts';

export const ITEM_FIELDS = ['code', 'dci', 'strength', 'dosageForm', 'supplyList', 'therapeuticGroup', 'ven', 'oncology', 'budgetCategory', 'commonGoodSheet'] as const;
export type ItemField = (typeof ITEM_FIELDS)[number];

/** What the form holds: the selects may still be empty. */
export interface ItemFormValues {
  code: string;
  dci: string;
  strength: string;
  dosageForm: string;
  supplyList: SupplyList | '';
  therapeuticGroup: string;
  ven: VenClass | '';
  oncology: boolean;
  budgetCategory: BudgetCategory;
  /** Blank: not a common good. */
  commonGoodSheet: string;
}

export const emptyItemValues: ItemFormValues = {
  code: '',
  dci: '',
  strength: '',
  dosageForm: '',
  supplyList: '',
  therapeuticGroup: '',
  ven: '',
  oncology: false,
  budgetCategory: 'medicines',
  commonGoodSheet: '',
};

export function valuesOf(item: ItemDto): ItemFormValues {
  return {
    code: item.code,
    dci: item.dci,
    strength: item.strength,
    dosageForm: item.dosageForm,
    supplyList: item.supplyList,
    therapeuticGroup: item.therapeuticGroup,
    ven: item.ven,
    oncology: item.oncology,
    budgetCategory: item.budgetCategory,
    commonGoodSheet: item.commonGoodSheet ?? '',
  };
}

/** The form values as the API wants them (empty selects stay undefined, for the schema to name). */
export function inputOf(values: ItemFormValues): Partial<ItemInput> {
  return {
    ...values,
    supplyList: values.supplyList || undefined,
    ven: values.ven || undefined,
    commonGoodSheet: values.commonGoodSheet.trim() || null,
  };
}

/** The fields whose value differs from the item (text compared trimmed, as the schema trims). */
export function changedFields(values: ItemFormValues, item: ItemDto): Partial<ItemInput> {
  const patch: Record<string, unknown> = {};
  const input = inputOf(values);
  for (const field of ITEM_FIELDS) {
    const value = input[field];
    const before = item[field];
    const same = typeof value === 'string' && typeof before === 'string' ? value.trim() === before : value === before;
    if (!same) patch[field] = value;
  }
  return patch as Partial<ItemInput>;
}

/** The sheet's headers, but the form names the DCI in full. */
export const itemFieldLabels: Record<ItemField, string> = { ...sheetHeaders, dci: 'DCI / Denominación', budgetCategory: 'Categoría presupuestal', commonGoodSheet: 'Ficha técnica (bien común)' };

/** A field's value in words ("Suministro local", "Sí"). */
export function displayItemValue(field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (field === 'supplyList') return supplyListLabels[value as SupplyList] ?? String(value);
  if (field === 'ven') return venLabels[value as VenClass] ?? String(value);
  if (field === 'budgetCategory') return budgetCategoryLabels[value as BudgetCategory] ?? String(value);
  if (typeof value === 'boolean') return value ? 'Sí' : 'No';
  return String(value);
}

const supplyListOptions = supplyLists.map((value) => ({ value, label: supplyListLabels[value] }));
const venOptions = venClasses.map((value) => ({ value, label: venLabels[value] }));
const budgetCategoryOptions = budgetCategories.map((value) => ({ value, label: budgetCategoryLabels[value] }));

export function ItemFields({
  control,
  groups,
  disabled,
  autoFocus,
}: {
  control: Control<ItemFormValues, unknown, unknown>;
  /** Therapeutic groups already in the formulary, offered while typing. */
  groups: readonly string[];
  disabled?: boolean;
  autoFocus?: boolean;
}) {
  const groupListId = `${useId()}-groups`;
  return (
    <>
      <FormTextField
        control={control}
        label={itemFieldLabels.code}
        name="code"
        hint="Letras, números, punto y guion; p. ej. 010150001."
        autoComplete="off"
        spellCheck={false}
        maxLength={20}
        disabled={disabled}
        required
        autoFocus={autoFocus}
      />
      <FormTextField
        control={control}
        label={itemFieldLabels.dci}
        name="dci"
        hint="Denominación común internacional del principio activo."
        autoComplete="off"
        maxLength={200}
        disabled={disabled}
        required
      />
      <FormTextField
        control={control}
        label={itemFieldLabels.strength}
        name="strength"
        hint="p. ej. 500 mg"
        autoComplete="off"
        maxLength={100}
        disabled={disabled}
        required
      />
      <FormTextField
        control={control}
        label={itemFieldLabels.dosageForm}
        name="dosageForm"
        hint="p. ej. Tableta, Inyectable"
        autoComplete="off"
        maxLength={100}
        disabled={disabled}
        required
      />
      <FormSelectField
        control={control}
        label={itemFieldLabels.supplyList}
        name="supplyList"
        options={supplyListOptions}
        placeholder="Seleccione…"
        hint="Los ítems del suministro centralizado se compran en forma corporativa; los locales, en las redes."
        disabled={disabled}
        required
      />
      <FormTextField
        control={control}
        label={itemFieldLabels.therapeuticGroup}
        name="therapeuticGroup"
        hint="Elija uno de los grupos existentes o escriba uno nuevo."
        list={groupListId}
        autoComplete="off"
        maxLength={100}
        disabled={disabled}
        required
      />
      <datalist id={groupListId} data-testid="therapeutic-group-suggestions">
        {groups.map((group) => (
          <option key={group} value={group} />
        ))}
      </datalist>
      <FormSelectField
        control={control}
        label={itemFieldLabels.ven}
        name="ven"
        options={venOptions}
        placeholder="Seleccione…"
        hint="Vital, Esencial o No esencial."
        disabled={disabled}
        required
      />
      <FormCheckboxField
        control={control}
        label="Oncológico"
        name="oncology"
        disabled={disabled}
        hint="Se compra en el segmento de oncológicos de la Compra Corporativa."
      />
      <FormSelectField
        control={control}
        label={itemFieldLabels.budgetCategory}
        name="budgetCategory"
        options={budgetCategoryOptions}
        hint="El techo presupuestal contra el que se planifican sus líneas de compra."
        disabled={disabled}
        required
      />
      <FormTextField
        control={control}
        label={itemFieldLabels.commonGoodSheet}
        name="commonGoodSheet"
        hint="La ficha técnica del listado de bienes comunes, si el ítem figura en él: se compra por subasta inversa. En blanco si no figura."
        autoComplete="off"
        spellCheck={false}
        maxLength={40}
        disabled={disabled}
      />
    </>
  );
}

/** What the duplicate check compares, as typed so far. */
export function useDraftDescription(control: Control<ItemFormValues, unknown, unknown>) {
  const [code, dci, strength, dosageForm] = useWatch({ control, name: ['code', 'dci', 'strength', 'dosageForm'] });
  return { code, dci, strength, dosageForm };
}
