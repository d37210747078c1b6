// Labelled form controls with their hint and error message linked for screen readers.
import { useId, useState, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import type { Role } from '../../../../shared/auth.ts';
import { roleLabels, roles } from '../../../../shared/auth.ts';
import { lowerFirst } from '../lib/text.ts';

export interface TextFieldProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'className'> {
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  inputRef?: Ref<HTMLInputElement>;
  /** Extra content after the input (a "Mostrar" toggle). */
  addon?: ReactNode;
}

export function TextField({ label, value, onValueChange, error, hint, inputRef, addon, ...inputProps }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`form-field${error ? ' has-error' : ''}`}>
      <label htmlFor={id} className="form-field__label">
        {label}
      </label>
      <div className="form-field__control">
        <input
          {...inputProps}
          id={id}
          ref={inputRef}
          className="input form-field__input"
          value={value}
          onChange={(event) => onValueChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        {addon}
      </div>
      {hint ? (
        <p id={hintId} className="form-field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="form-field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export interface SelectFieldProps {
  label: string;
  name: string;
  value: string;
  onValueChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
  /** First, empty option ("Seleccione…"); omitted when undefined. */
  placeholder?: string;
  error?: string | undefined;
  hint?: ReactNode;
  disabled?: boolean;
  required?: boolean;
  selectRef?: Ref<HTMLSelectElement>;
}

export function SelectField({
  label,
  name,
  value,
  onValueChange,
  options,
  placeholder,
  error,
  hint,
  disabled,
  required,
  selectRef,
}: SelectFieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`form-field${error ? ' has-error' : ''}`}>
      <label htmlFor={id} className="form-field__label">
        {label}
      </label>
      <div className="form-field__control">
        <select
          id={id}
          ref={selectRef}
          name={name}
          className="select form-field__input"
          value={value}
          disabled={disabled}
          required={required}
          onChange={(event) => onValueChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        >
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="form-field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="form-field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function CheckboxField({
  label,
  checked,
  onCheckedChange,
  hint,
  disabled,
  name,
}: {
  label: ReactNode;
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  hint?: ReactNode;
  disabled?: boolean;
  name?: string;
}) {
  const id = useId();
  return (
    <div className="form-field form-field--checkbox">
      <label className="checkbox" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          name={name}
          checked={checked}
          disabled={disabled}
          onChange={(event) => onCheckedChange(event.target.checked)}
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
        <span>{label}</span>
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="form-field__hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** One checkbox per role, labelled with roleLabels. */
export function RoleCheckboxes({
  value,
  onChange,
  error,
  disabledRoles = [],
  hint,
  inputRef,
}: {
  value: readonly Role[];
  onChange: (next: Role[]) => void;
  error?: string | undefined;
  /** Roles shown but not changeable (an administrator's own admin role). */
  disabledRoles?: readonly Role[];
  hint?: ReactNode;
  /** The first checkbox, which takes the focus when the roles are wrong. */
  inputRef?: Ref<HTMLInputElement>;
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className={`form-field role-checkboxes${error ? ' has-error' : ''}`} aria-describedby={describedBy}>
      <legend className="form-field__label">Roles</legend>
      <ul className="role-checkboxes__list">
        {roles.map((role, index) => (
          <li key={role}>
            <label className="checkbox">
              <input
                ref={index === 0 ? inputRef : undefined}
                type="checkbox"
                name="roles"
                value={role}
                checked={value.includes(role)}
                disabled={disabledRoles.includes(role)}
                onChange={(event) =>
                  onChange(
                    event.target.checked
                      ? roles.filter((candidate) => candidate === role || value.includes(candidate))
                      : value.filter((candidate) => candidate !== role),
                  )
                }
              />
              <span>{roleLabels[role]}</span>
            </label>
          </li>
        ))}
      </ul>
      {hint ? (
        <p id={`${id}-hint`} className="form-field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="form-field__error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** A message about the whole form: an error (role=alert) or a confirmation (role=status). */
export function FormMessage({ kind, children, testId }: { kind: 'error' | 'ok' | 'info'; children: ReactNode; testId?: string }) {
  return (
    <div
      className={`form-message form-message--${kind}`}
      role={kind === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      {children}
    </div>
  );
}

/** A password input with a "Mostrar"/"Ocultar" toggle (for typing long passwords without error). */
export function PasswordField(props: Omit<TextFieldProps, 'type' | 'addon'>) {
  const [shown, setShown] = useState(false);
  return (
    <TextField
      {...props}
      type={shown ? 'text' : 'password'}
      spellCheck={false}
      autoCapitalize="none"
      autoCorrect="off"
      addon={
        <button
          type="button"
          className="button button--quiet button--small form-field__addon"
          aria-label={`${shown ? 'Ocultar' : 'Mostrar'} ${lowerFirst(props.label)}`}
          onClick={() => setShown((value) => !value)}
        >
          {shown ? 'Ocultar' : 'Mostrar'}
        </button>
      }
    />
  );
}
