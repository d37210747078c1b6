// A labelled select that filters a table by one code ("" = no filter).
import { useId } from 'react';

export interface FilterSelectProps<T extends string> {
  label: string;
  value: T | undefined;
  options: readonly T[];
  optionLabel?: (value: T) => string;
  /** The no-filter choice: "Todos", "Todas". */
  allLabel?: string;
  onChange: (value: T | null) => void;
  wide?: boolean;
  disabled?: boolean;
  title?: string | undefined;
}

export function FilterSelect<T extends string>({
  label,
  value,
  options,
  optionLabel = (option) => option,
  allLabel = 'Todos',
  onChange,
  wide = false,
  disabled,
  title,
}: FilterSelectProps<T>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select
        id={id}
        className={wide ? 'select select--wide' : 'select'}
        value={value ?? ''}
        disabled={disabled}
        title={title}
        onChange={(event) => onChange((event.target.value || null) as T | null)}
      >
        <option value="">{allLabel}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
    </div>
  );
}
