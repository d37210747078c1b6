// The fields of a formulary item, shared by "Nuevo ítem" and the "Datos" tab of an item: Código,
// Denominación (DCI), Concentración, Forma farmacéutica, Cartilla, Grupo terapéutico, VEN and
// Oncológico, each with its error beside it.
import { useId } from 'react';
import type { ItemDto } from '../../../../shared/api.ts';
import type { ItemInput } from '../../../../shared/api-schemas.ts';
import { supplyListLabels, supplyLists, venClasses, venLabels, type SupplyList, type VenClass } from '../../../../shared/domain.ts';
import { CheckboxField, SelectField, TextField } from '../../platform/components/form-fields.tsx';
import type { FieldErrors } from '../../platform/lib/form-errors.ts';

export const ITEM_FIELDS = ['code', 'dci', 'strength', 'dosageForm', 'supplyList', 'therapeuticGroup', 'ven', 'oncology'] as const;
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
  };
}

/** The form values as the API wants them (empty selects stay undefined, for the schema to name). */
export function inputOf(values: ItemFormValues): Partial<ItemInput> {
  return {
    ...values,
    supplyList: values.supplyList || undefined,
    ven: values.ven || undefined,
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

export const itemFieldLabels: Record<ItemField, string> = {
  code: 'Código',
  dci: 'DCI / Denominación',
  strength: 'Concentración',
  dosageForm: 'Forma farmacéutica',
  supplyList: 'Cartilla',
  therapeuticGroup: 'Grupo terapéutico',
  ven: 'VEN',
  oncology: 'Oncológico',
};

/** A field's value in words ("Suministro local", "Sí"). */
export function displayItemValue(field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (field === 'supplyList') return supplyListLabels[value as SupplyList] ?? String(value);
  if (field === 'ven') return venLabels[value as VenClass] ?? String(value);
  if (typeof value === 'boolean') return value ? 'Sí' : 'No';
  return String(value);
}

const supplyListOptions = supplyLists.map((value) => ({ value, label: supplyListLabels[value] }));
const venOptions = venClasses.map((value) => ({ value, label: venLabels[value] }));

export function ItemFields({
  values,
  onChange,
  errors,
  groups,
  disabled,
  autoFocus,
}: {
  values: ItemFormValues;
  onChange: (patch: Partial<ItemFormValues>) => void;
  errors: FieldErrors;
  /** Therapeutic groups already in the formulary, offered while typing. */
  groups: readonly string[];
  disabled?: boolean;
  autoFocus?: boolean;
}) {
  const groupListId = `${useId()}-groups`;
  return (
    <>
      <TextField
        label={itemFieldLabels.code}
        name="code"
        value={values.code}
        onValueChange={(code) => onChange({ code })}
        error={errors.code}
        hint="Letras, números, punto y guion; p. ej. 010150001."
        autoComplete="off"
        spellCheck={false}
        maxLength={20}
        disabled={disabled}
        required
        autoFocus={autoFocus}
      />
      <TextField
        label={itemFieldLabels.dci}
        name="dci"
        value={values.dci}
        onValueChange={(dci) => onChange({ dci })}
        error={errors.dci}
        hint="Denominación común internacional del principio activo."
        autoComplete="off"
        maxLength={200}
        disabled={disabled}
        required
      />
      <TextField
        label={itemFieldLabels.strength}
        name="strength"
        value={values.strength}
        onValueChange={(strength) => onChange({ strength })}
        error={errors.strength}
        hint="p. ej. 500 mg"
        autoComplete="off"
        maxLength={100}
        disabled={disabled}
        required
      />
      <TextField
        label={itemFieldLabels.dosageForm}
        name="dosageForm"
        value={values.dosageForm}
        onValueChange={(dosageForm) => onChange({ dosageForm })}
        error={errors.dosageForm}
        hint="p. ej. Tableta, Inyectable"
        autoComplete="off"
        maxLength={100}
        disabled={disabled}
        required
      />
      <SelectField
        label={itemFieldLabels.supplyList}
        name="supplyList"
        value={values.supplyList}
        onValueChange={(value) => onChange({ supplyList: value as SupplyList | '' })}
        options={supplyListOptions}
        placeholder="Seleccione…"
        error={errors.supplyList}
        hint="Los ítems del suministro centralizado se compran en forma corporativa; los locales, en las redes."
        disabled={disabled}
        required
      />
      <TextField
        label={itemFieldLabels.therapeuticGroup}
        name="therapeuticGroup"
        value={values.therapeuticGroup}
        onValueChange={(therapeuticGroup) => onChange({ therapeuticGroup })}
        error={errors.therapeuticGroup}
        hint="Elija uno de los grupos existentes o escriba uno nuevo."
        list={groupListId}
        autoComplete="off"
        maxLength={100}
        disabled={disabled}
        required
      />
      <datalist id={groupListId}>
        {groups.map((group) => (
          <option key={group} value={group} />
        ))}
      </datalist>
      <SelectField
        label={itemFieldLabels.ven}
        name="ven"
        value={values.ven}
        onValueChange={(value) => onChange({ ven: value as VenClass | '' })}
        options={venOptions}
        placeholder="Seleccione…"
        error={errors.ven}
        hint="Vital, Esencial o No esencial."
        disabled={disabled}
        required
      />
      <CheckboxField
        label="Oncológico"
        name="oncology"
        checked={values.oncology}
        onCheckedChange={(oncology) => onChange({ oncology })}
        disabled={disabled}
        hint="Se compra en el segmento de oncológicos de la Compra Corporativa."
      />
    </>
  );
}

/** Focuses the first field with an error inside `form`. */
export function focusFirstItemError(form: HTMLFormElement | null, errors: FieldErrors) {
  const first = ITEM_FIELDS.find((field) => errors[field]);
  if (first) form?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
}
