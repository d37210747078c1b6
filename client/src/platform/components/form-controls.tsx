// The labelled fields of form-fields.tsx bound to a react-hook-form form (see use-schema-form.ts):
// value, change, focus on error and the field's message all come from the form. Apart from
// form-fields.tsx so that pages without forms do not load react-hook-form.
import type { ReactNode } from 'react';
import { useController, useFormState, type Control, type FieldValues, type Path } from 'react-hook-form';
import type { Role } from '../../../../shared/auth.ts';
import {
  CheckboxField,
  FormMessage,
  PasswordField,
  RoleCheckboxes,
  SelectField,
  TextField,
  type SelectFieldProps,
  type TextFieldProps,
} from './form-fields.tsx';

interface Bound<TValues extends FieldValues> {
  control: Control<TValues, unknown, unknown>;
  name: Path<TValues>;
}

type BoundTextProps<TValues extends FieldValues> = Bound<TValues> &
  Omit<TextFieldProps, 'name' | 'value' | 'onValueChange' | 'error' | 'inputRef' | 'onBlur'>;

export function FormTextField<TValues extends FieldValues>({ control, name, ...props }: BoundTextProps<TValues>) {
  const { field, fieldState } = useController({ control, name });
  return (
    <TextField
      {...props}
      name={field.name}
      value={field.value as string}
      onValueChange={field.onChange}
      onBlur={field.onBlur}
      inputRef={field.ref}
      error={fieldState.error?.message}
    />
  );
}

export function FormPasswordField<TValues extends FieldValues>({ control, name, ...props }: BoundTextProps<TValues>) {
  const { field, fieldState } = useController({ control, name });
  return (
    <PasswordField
      {...props}
      name={field.name}
      value={field.value as string}
      onValueChange={field.onChange}
      onBlur={field.onBlur}
      inputRef={field.ref}
      error={fieldState.error?.message}
    />
  );
}

export function FormSelectField<TValues extends FieldValues>({
  control,
  name,
  ...props
}: Bound<TValues> & Omit<SelectFieldProps, 'name' | 'value' | 'onValueChange' | 'error' | 'selectRef'>) {
  const { field, fieldState } = useController({ control, name });
  return (
    <SelectField
      {...props}
      name={field.name}
      value={field.value as string}
      onValueChange={field.onChange}
      selectRef={field.ref}
      error={fieldState.error?.message}
    />
  );
}

export function FormCheckboxField<TValues extends FieldValues>({
  control,
  name,
  ...props
}: Bound<TValues> & { label: ReactNode; hint?: ReactNode; disabled?: boolean }) {
  const { field } = useController({ control, name });
  return <CheckboxField {...props} name={field.name} checked={field.value as boolean} onCheckedChange={field.onChange} />;
}

export function FormRoleCheckboxes<TValues extends FieldValues>({
  control,
  name,
  ...props
}: Bound<TValues> & { disabledRoles?: readonly Role[]; hint?: ReactNode }) {
  const { field, fieldState } = useController({ control, name });
  return (
    <RoleCheckboxes
      {...props}
      value={field.value as Role[]}
      onChange={field.onChange}
      inputRef={field.ref}
      error={fieldState.error?.message}
    />
  );
}

/** The form's summary (errors.root.server): what the server refused that no field explains. */
export function FormSummary<TValues extends FieldValues>({ control, testId }: { control: Control<TValues, unknown, unknown>; testId?: string }) {
  const { errors } = useFormState({ control });
  const message = errors.root?.server?.message;
  return message ? (
    <FormMessage kind="error" testId={testId}>
      {message}
    </FormMessage>
  ) : null;
}
