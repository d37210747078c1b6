// Anchoring the audit trail outside the database. The chain shows any row changed on its own; a
// rewrite that also recomputes every later hash shows only against a hash written down earlier.
// This panel gives the newest row's hash to write down, and checks one written down before.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { auditVerifyQuerySchema } from '../../../../shared/auth-schemas.ts';
import { toProblem } from '../../platform/api/api-client.ts';
import { FormSummary, FormTextField } from '../../platform/components/form-controls.tsx';
import { FormMessage } from '../../platform/components/form-fields.tsx';
import { formatCount } from '../../platform/lib/format.ts';
import { setServerFieldErrors, useSchemaForm } from '../../platform/lib/use-schema-form.ts';
import { auditQueries, useVerifyAudit } from './audit-queries.ts';

interface AnchorValues {
  id: string;
  hash: string;
}

export function AuditAnchorPanel() {
  const [open, setOpen] = useState(false);
  // The newest entry carries its hash: no need to recompute the chain to show it.
  const newest = useQuery({ ...auditQueries.page({ pageSize: 1 }), enabled: open });
  const head = newest.data ? (newest.data.entries[0] ?? null) : undefined;
  const form = useSchemaForm<AnchorValues, typeof auditVerifyQuerySchema>({
    schema: auditVerifyQuerySchema,
    defaultValues: { id: '', hash: '' },
    toInput: ({ id, hash }) => ({ id: id.trim() || undefined, hash: hash.trim() || undefined }),
  });
  const verifying = useVerifyAudit();
  const result = verifying.data;

  const check = form.handleSubmit(async (anchor) => {
    if (anchor.id === undefined) {
      form.setError('id', { type: 'required', message: 'Complete este campo' }, { shouldFocus: true });
      form.setError('hash', { type: 'required', message: 'Complete este campo' });
      return;
    }
    try {
      await verifying.mutateAsync(anchor);
    } catch (error) {
      setServerFieldErrors(form, toProblem(error), ['id', 'hash']);
    }
  });

  return (
    <details
      className="panel anchor-panel"
      data-testid="audit-anchor"
      onToggle={(event) => {
        if (event.currentTarget.open) setOpen(true);
      }}
    >
      <summary className="anchor-panel__summary">Constancia de la cadena, para guardar fuera de Abastece</summary>
      <p className="source-note">
        Quien tenga acceso a la base de datos podría reescribir un registro y recalcular todos los siguientes: la cadena
        seguiría íntegra. Anote el último registro y su hash en un documento fuera de Abastece (un acta, un informe
        mensual); si más adelante ese registro ya no tiene ese hash, la historia anterior fue reescrita.
      </p>
      <p data-testid="audit-head">
        {newest.error ? `No se pudo obtener el último registro: ${toProblem(newest.error).title}` : null}
        {head === null ? 'La auditoría aún no tiene registros.' : null}
        {head ? (
          <>
            Último registro: <strong>#{formatCount(head.id)}</strong> — hash <code className="anchor-panel__hash">{head.hash}</code>
          </>
        ) : null}
      </p>
      <form
        className="anchor-panel__form"
        onSubmit={(event) => {
          verifying.reset();
          void check(event);
        }}
        noValidate
      >
        <FormTextField control={form.control} label="Registro #" name="id" inputMode="numeric" />
        <FormTextField control={form.control} label="Hash anotado" name="hash" spellCheck={false} autoComplete="off" />
        <button type="submit" className="button button--quiet" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Comprobando…' : 'Comprobar constancia'}
        </button>
      </form>
      <FormSummary control={form.control} />
      {result?.anchor ? (
        result.anchor.holds ? (
          <FormMessage kind="ok" testId="audit-anchor-result">
            El registro #{formatCount(result.anchor.id)} conserva el hash anotado: nada anterior a él fue reescrito.
            {result.ok ? null : ` Aun así, la cadena está rota en el registro #${formatCount(result.brokenAt)}.`}
          </FormMessage>
        ) : (
          <FormMessage kind="error" testId="audit-anchor-result">
            El registro #{formatCount(result.anchor.id)} ya no tiene el hash anotado: la historia hasta ese registro fue
            reescrita o borrada.
          </FormMessage>
        )
      ) : null}
    </details>
  );
}
