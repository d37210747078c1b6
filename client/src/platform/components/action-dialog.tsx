// A modal dialog that confirms one action, optionally with a comment (a sign-off's, a reopening's
// reason) checked by the shared zod schema the server parses it with. The server's refusal (a 409
// with its Spanish detail) shows inside the dialog, which stays open. Native <dialog>: focus kept
// inside, Escape closes it.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { z } from 'zod';
import { problemSummary, toProblem } from '../api/api-client.ts';
import { FormMessage } from './form-fields.tsx';

export function ActionDialog({
  title,
  children,
  confirmLabel,
  busyLabel,
  comment,
  onConfirm,
  onClose,
  testId,
}: {
  title: string;
  /** What the action does, said before the buttons. */
  children?: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  /** A comment the action needs: its label and the schema of the field. */
  comment?: { label: string; schema: z.ZodType<string, string> };
  /** Resolves once done (the dialog then closes); throws to show the refusal. */
  onConfirm: (comment: string) => Promise<void>;
  onClose: () => void;
  testId?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const fieldId = useId();
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const confirm = async () => {
    setRefusal(null);
    let value = '';
    if (comment) {
      const parsed = comment.schema.safeParse(text);
      if (!parsed.success) {
        setFieldError(parsed.error.issues[0]?.message ?? 'Valor no válido');
        return;
      }
      setFieldError(null);
      value = parsed.data;
    }
    setBusy(true);
    try {
      await onConfirm(value);
      onClose();
    } catch (error) {
      setRefusal(problemSummary(toProblem(error)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="action-dialog"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form
        method="dialog"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void confirm();
        }}
      >
        <h2 id={titleId} className="action-dialog__title">
          {title}
        </h2>
        {children}
        {comment ? (
          <div className={`form-field${fieldError ? ' has-error' : ''}`}>
            <label htmlFor={fieldId} className="form-field__label">
              {comment.label}
            </label>
            <textarea
              id={fieldId}
              className="input action-dialog__comment"
              rows={3}
              value={text}
              onChange={(event) => setText(event.target.value)}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? `${fieldId}-error` : undefined}
              disabled={busy}
            />
            {fieldError ? (
              <p id={`${fieldId}-error`} className="form-field__error">
                {fieldError}
              </p>
            ) : null}
          </div>
        ) : null}
        {refusal ? (
          <FormMessage kind="error" testId={testId ? `${testId}-error` : undefined}>
            <p>{refusal}</p>
          </FormMessage>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? busyLabel : confirmLabel}
          </button>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancelar
          </button>
        </div>
      </form>
    </dialog>
  );
}
