// The purchase programmes: create one (empty or as a copy of another), rename it, set its fiscal
// year, move it draft → approved → closed, reopen it (administrators), delete a draft.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import type { ProgrammeDto } from '../../../../shared/api.ts';
import { programmeStatusLabels, type ProgrammeStatus } from '../../../../shared/domain.ts';
import { programmeCreateSchema, programmePatchSchema } from '../../../../shared/planning-schemas.ts';
import { deleteJson, patchJson, postJson, problemSummary, toProblem } from '../../platform/api/api-client.ts';
import { FormSelectField, FormSummary, FormTextField } from '../../platform/components/form-controls.tsx';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { showRequestError, useSchemaForm } from '../../platform/lib/use-schema-form.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { canUse } from '../auth/permissions.ts';
import { useSessionUser } from '../auth/session-context.tsx';
import { programmeQueries } from '../programmes/programme-queries.ts';
import { invalidateProgrammes } from './planning-queries.ts';
import './planning.css';

export function ProgrammesListPage() {
  useDocumentTitle('Programas de compra');
  const user = useSessionUser();
  const programmes = useQuery(programmeQueries.list());
  const [creating, setCreating] = useState(false);
  const isEditor = canUse(user, 'programme-edit');

  return (
    <section className="page" aria-labelledby="programmes-title">
      <header className="page__header">
        <h1 id="programmes-title" className="page__title">
          Programas de compra
        </h1>
        <p className="page__lead">Cada programa planifica las compras de un año fiscal: se prepara como borrador, se aprueba y se cierra.</p>
      </header>
      {isEditor ? (
        creating ? (
          <CreateProgrammeForm programmes={programmes.data ?? []} onClose={() => setCreating(false)} />
        ) : (
          <p>
            <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
              Nuevo programa
            </button>
          </p>
        )
      ) : null}
      <QueryErrorAlert query={programmes} context="los programas de compra" />
      {programmes.data ? (
        programmes.data.length === 0 ? (
          <p>Todavía no hay programas de compra.</p>
        ) : (
          <div className="table-scroll" role="region" aria-label="Programas de compra" tabIndex={0}>
            <table className="data-table programmes-table" data-testid="programmes-table">
              <caption className="visually-hidden">Programas de compra, con su año fiscal y estado</caption>
              <thead>
                <tr>
                  <th scope="col">Programa</th>
                  <th scope="col" className="num">
                    Año fiscal
                  </th>
                  <th scope="col">Estado</th>
                  <th scope="col">Origen</th>
                  <th scope="col">Acciones</th>
                </tr>
              </thead>
              <tbody>
                {programmes.data.map((programme) => (
                  <ProgrammeRow key={programme.id} programme={programme} />
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : !programmes.error ? (
        <LoadingState label="Cargando programas…" rows={3} />
      ) : null}
    </section>
  );
}

interface CreateValues {
  name: string;
  fiscalYear: string;
  copyFrom: string;
}

function CreateProgrammeForm({ programmes, onClose }: { programmes: readonly ProgrammeDto[]; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const newest = programmes.reduce<ProgrammeDto | undefined>((best, p) => (!best || p.fiscalYear > best.fiscalYear ? p : best), undefined);
  const form = useSchemaForm<CreateValues, typeof programmeCreateSchema>({
    schema: programmeCreateSchema,
    defaultValues: {
      name: newest ? `Compra ${newest.fiscalYear + 1}` : '',
      fiscalYear: String(newest ? newest.fiscalYear + 1 : new Date().getFullYear() + 1),
      copyFrom: newest ? String(newest.id) : '',
    },
    toInput: (values) => ({
      name: values.name,
      fiscalYear: /^\d+$/.test(values.fiscalYear.trim()) ? Number(values.fiscalYear.trim()) : values.fiscalYear,
      ...(values.copyFrom ? { copyFrom: Number(values.copyFrom) } : {}),
    }),
  });
  const submit = form.handleSubmit(async (input) => {
    try {
      const created = await postJson<ProgrammeDto>('/programmes', input);
      await invalidateProgrammes(queryClient);
      navigate(`/programas/${created.id}/planificar`);
    } catch (error) {
      showRequestError(form, error, ['name', 'fiscalYear', 'copyFrom']);
    }
  });
  return (
    <form className="panel create-programme" onSubmit={submit} noValidate data-testid="programme-create-form">
      <h2 className="panel__title">Nuevo programa</h2>
      <div className="create-programme__fields">
        <FormTextField control={form.control} name="name" label="Nombre" autoComplete="off" />
        <FormTextField control={form.control} name="fiscalYear" label="Año fiscal" inputMode="numeric" autoComplete="off" />
        <FormSelectField
          control={form.control}
          name="copyFrom"
          label="Contenido"
          placeholder="Vacío (sin líneas)"
          options={programmes.map((programme) => ({ value: String(programme.id), label: `Copia de ${programme.name}` }))}
          hint="Una copia trae todas las líneas del programa elegido, con sus montos."
        />
      </div>
      <FormSummary control={form.control} testId="programme-create-error" />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Creando…' : 'Crear programa'}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancelar
        </button>
      </div>
    </form>
  );
}

/** The status moves a role may make from where the programme is. */
function transitions(status: ProgrammeStatus, canEdit: boolean, canReopen: boolean): { to: ProgrammeStatus; label: string }[] {
  const moves: { to: ProgrammeStatus; label: string }[] = [];
  if (canEdit && status === 'draft') moves.push({ to: 'approved', label: 'Aprobar' });
  if (canEdit && status === 'approved') moves.push({ to: 'closed', label: 'Cerrar' });
  if (canReopen && status === 'approved') moves.push({ to: 'draft', label: 'Reabrir como borrador' });
  if (canReopen && status === 'closed') moves.push({ to: 'approved', label: 'Reabrir' });
  return moves;
}

function ProgrammeRow({ programme }: { programme: ProgrammeDto }) {
  const user = useSessionUser();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const canEdit = canUse(user, 'programme-edit') && !programme.demo;
  const canReopen = canUse(user, 'programme-reopen') && !programme.demo;
  const change = useMutation({
    mutationFn: (patch: { status?: ProgrammeStatus }) =>
      patchJson<ProgrammeDto>(`/programmes/${programme.id}`, { version: programme.version, ...patch }),
    onSettled: () => invalidateProgrammes(queryClient),
  });
  const remove = useMutation({
    mutationFn: () => deleteJson(`/programmes/${programme.id}?version=${programme.version}`),
    onSettled: () => invalidateProgrammes(queryClient),
  });
  const failure = change.error ?? remove.error;

  return (
    <tr data-testid={`programme-row-${programme.id}`}>
      <th scope="row">
        {editing ? (
          <EditProgrammeForm programme={programme} onDone={() => setEditing(false)} />
        ) : (
          <Link to={`/programas/${programme.id}`}>{programme.name}</Link>
        )}
        {programme.demo ? <span className="badge">Demostración</span> : null}
      </th>
      <td className="num">{programme.fiscalYear}</td>
      <td>
        <span className={`status-badge status-badge--${programme.status}`}>{programmeStatusLabels[programme.status]}</span>
      </td>
      <td>{programme.source ? `Copia de ${programme.source.name}` : '—'}</td>
      <td className="programme-actions">
        <Link className="button button--small" to={`/programas/${programme.id}/planificar`}>
          {canEdit && programme.status === 'draft' ? 'Planificar' : 'Ver líneas'}
        </Link>
        <Link className="button button--small" to={`/programas/${programme.id}/procesos`}>
          Procesos
        </Link>
        {canEdit && programme.status === 'draft' && !editing ? (
          <button type="button" className="button button--small" onClick={() => setEditing(true)}>
            Cambiar nombre o año
          </button>
        ) : null}
        {transitions(programme.status, canEdit, canReopen).map((move) => (
          <button
            key={move.to}
            type="button"
            className="button button--small"
            disabled={change.isPending}
            onClick={() => change.mutate({ status: move.to })}
          >
            {move.label}
          </button>
        ))}
        {canEdit && programme.status === 'draft' ? (
          confirmDelete ? (
            <>
              <button type="button" className="button button--small button--danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
                Confirmar eliminación
              </button>
              <button type="button" className="button button--small button--quiet" onClick={() => setConfirmDelete(false)}>
                No eliminar
              </button>
            </>
          ) : (
            <button type="button" className="button button--small button--quiet" onClick={() => setConfirmDelete(true)}>
              Eliminar
            </button>
          )
        ) : null}
        {failure ? (
          <p className="form-field__error" role="alert">
            {problemSummary(toProblem(failure))}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

interface EditValues {
  name: string;
  fiscalYear: string;
}

function EditProgrammeForm({ programme, onDone }: { programme: ProgrammeDto; onDone: () => void }) {
  const queryClient = useQueryClient();
  const form = useSchemaForm<EditValues, typeof programmePatchSchema>({
    schema: programmePatchSchema,
    defaultValues: { name: programme.name, fiscalYear: String(programme.fiscalYear) },
    toInput: (values) => ({
      version: programme.version,
      ...(values.name !== programme.name ? { name: values.name } : {}),
      ...(values.fiscalYear !== String(programme.fiscalYear)
        ? { fiscalYear: /^\d+$/.test(values.fiscalYear.trim()) ? Number(values.fiscalYear.trim()) : values.fiscalYear }
        : {}),
    }),
  });
  const submit = form.handleSubmit(async (patch) => {
    try {
      await patchJson<ProgrammeDto>(`/programmes/${programme.id}`, patch);
      await invalidateProgrammes(queryClient);
      onDone();
    } catch (error) {
      showRequestError(form, error, ['name', 'fiscalYear']);
      await invalidateProgrammes(queryClient);
    }
  });
  return (
    <form className="edit-programme" onSubmit={submit} noValidate data-testid="programme-edit-form">
      <FormTextField control={form.control} name="name" label="Nombre" autoComplete="off" />
      <FormTextField control={form.control} name="fiscalYear" label="Año fiscal" inputMode="numeric" autoComplete="off" />
      <FormSummary control={form.control} />
      <div className="form-actions">
        <button type="submit" className="button button--primary button--small">
          Guardar
        </button>
        <button type="button" className="button button--small" onClick={onDone}>
          Cancelar
        </button>
      </div>
    </form>
  );
}
