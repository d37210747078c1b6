// Anchoring the audit trail outside the database. The chain shows any row changed on its own; a
// rewrite that also recomputes every later hash shows only against a hash written down earlier.
// This panel gives the newest row's hash to write down, and checks one written down before.
import { useState, type FormEvent } from 'react';
import type { AuditAnchor, AuditPage, AuditVerification } from '../../../../shared/auth.ts';
import { auditVerifyQuerySchema } from '../../../../shared/auth-schemas.ts';
import { getJson, toProblem } from '../../platform/api/api-client.ts';
import { FormMessage, TextField } from '../../platform/components/form-fields.tsx';
import { fieldErrorsFromProblem, parseForm, type FieldErrors } from '../../platform/lib/form-errors.ts';
import { formatCount } from '../../platform/lib/format.ts';

export function AuditAnchorPanel() {
  const [head, setHead] = useState<AuditAnchor | null | undefined>(undefined);
  const [headError, setHeadError] = useState<string | null>(null);
  const [id, setId] = useState('');
  const [hash, setHash] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<AuditVerification | null>(null);

  const loadHead = async () => {
    if (head !== undefined) return;
    try {
      // The newest entry carries its hash: no need to recompute the chain to show it.
      const [newest] = (await getJson<AuditPage>('/audit', { pageSize: 1 })).entries;
      setHead(newest ? { id: newest.id, hash: newest.hash } : null);
    } catch (error) {
      setHeadError(toProblem(error).title);
    }
  };

  const check = async (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    const parsed = parseForm(auditVerifyQuerySchema, { id: id.trim() || undefined, hash: hash.trim() || undefined });
    if (!parsed.ok) return setErrors(parsed.errors);
    if (parsed.data.id === undefined) return setErrors({ id: 'Complete este campo', hash: 'Complete este campo' });
    setErrors({});
    setChecking(true);
    try {
      setResult(await getJson<AuditVerification>('/audit/verify', { id: parsed.data.id, hash: parsed.data.hash }));
    } catch (error) {
      setErrors(fieldErrorsFromProblem(toProblem(error), ['id', 'hash']));
    } finally {
      setChecking(false);
    }
  };

  return (
    <details
      className="panel anchor-panel"
      data-testid="audit-anchor"
      onToggle={(event) => {
        if (event.currentTarget.open) void loadHead();
      }}
    >
      <summary className="anchor-panel__summary">Constancia de la cadena, para guardar fuera de Abastece</summary>
      <p className="source-note">
        Quien tenga acceso a la base de datos podría reescribir un registro y recalcular todos los siguientes: la cadena
        seguiría íntegra. Anote el último registro y su hash en un documento fuera de Abastece (un acta, un informe
        mensual); si más adelante ese registro ya no tiene ese hash, la historia anterior fue reescrita.
      </p>
      <p data-testid="audit-head">
        {headError ? `No se pudo obtener el último registro: ${headError}` : null}
        {head === null ? 'La auditoría aún no tiene registros.' : null}
        {head ? (
          <>
            Último registro: <strong>#{formatCount(head.id)}</strong> — hash <code className="anchor-panel__hash">{head.hash}</code>
          </>
        ) : null}
      </p>
      <form className="anchor-panel__form" onSubmit={check} noValidate>
        <TextField label="Registro #" inputMode="numeric" value={id} onValueChange={setId} error={errors.id} />
        <TextField
          label="Hash anotado"
          value={hash}
          onValueChange={setHash}
          error={errors.hash}
          spellCheck={false}
          autoComplete="off"
        />
        <button type="submit" className="button button--quiet" disabled={checking}>
          {checking ? 'Comprobando…' : 'Comprobar constancia'}
        </button>
      </form>
      {errors[''] ? <FormMessage kind="error">{errors['']}</FormMessage> : null}
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
