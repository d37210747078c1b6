// Usuarios (administrators): the accounts, a form for a new one, and per account its data and
// roles, a password reset and its history. The selected account and tab live in the URL
// (?usuario=<id>&vista=contrasena|historial).
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { createColumnHelper, useTable } from '@tanstack/react-table';
import type { UserDto } from '../../../../shared/auth.ts';
import { useSession, useSessionUser } from '../auth/session-context.tsx';
import { FormMessage } from '../../platform/components/form-fields.tsx';
import { ServerTable, serverTableFeatures, type ServerTableFeatures } from '../../platform/components/server-table.tsx';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { Tabs, type TabDefinition } from '../../platform/components/tabs.tsx';
import { formatDateTime, isFuture, plural } from '../../platform/lib/format.ts';
import { patchParams, readEnum } from '../../platform/lib/search-params.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { RoleTags } from './role-tags.tsx';
import { UserCreateForm } from './user-create-form.tsx';
import { UserEditForm } from './user-edit-form.tsx';
import { RecordHistoryPanel } from '../../platform/components/record-history-panel.tsx';
import { UserPasswordResetForm } from './user-password-reset-form.tsx';
import { userKeys, userQueries } from './user-queries.ts';
import './users.css';

const views = ['datos', 'contrasena', 'historial'] as const;
type View = (typeof views)[number];
const viewTabs: TabDefinition<View>[] = [
  { id: 'datos', label: 'Datos y roles' },
  { id: 'contrasena', label: 'Restablecer contraseña' },
  { id: 'historial', label: 'Historial' },
];

function userSearch(id: number, view: View): string {
  return `?${patchParams(new URLSearchParams(), { usuario: id, vista: view === 'datos' ? null : view })}`;
}

const column = createColumnHelper<ServerTableFeatures, UserDto>();
const columns = column.columns([
  column.accessor('username', {
    id: 'username',
    header: 'Usuario',
    cell: (info) => <span className="code">{info.getValue()}</span>,
    meta: { rowHeader: true, className: 'col-nowrap' },
  }),
  column.accessor('fullName', {
    id: 'fullName',
    header: 'Nombre',
    cell: (info) => info.getValue(),
  }),
  column.accessor('roles', {
    id: 'roles',
    header: 'Roles',
    cell: (info) => <RoleTags roles={info.getValue()} />,
  }),
  column.accessor('active', {
    id: 'active',
    header: 'Activo',
    cell: (info) =>
      info.getValue() ? <span className="tag tag--ok">Sí</span> : <span className="tag tag--off">No</span>,
    meta: { className: 'col-flag' },
  }),
  column.accessor('lastSignInAt', {
    id: 'lastSignInAt',
    header: 'Último ingreso',
    cell: (info) => {
      const value = info.getValue();
      return value ? formatDateTime(value) : <span className="muted">Nunca</span>;
    },
    meta: { className: 'col-nowrap' },
  }),
  column.accessor('lockedUntil', {
    id: 'lockedUntil',
    header: 'Bloqueado hasta',
    cell: (info) => {
      const value = info.getValue();
      return isFuture(value) ? (
        <span
          className="is-warning"
          title="Hasta esta hora, intentos fallidos impiden ingresar a esta cuenta desde al menos una dirección (no necesariamente desde donde la persona suele ingresar). Restablecer la contraseña levanta el bloqueo."
        >
          {formatDateTime(value)}
        </span>
      ) : (
        <span className="muted">—</span>
      );
    },
    meta: { className: 'col-nowrap' },
  }),
  column.display({
    id: 'actions',
    header: () => <span className="visually-hidden">Acciones</span>,
    cell: ({ row }) => {
      const { id, username } = row.original;
      return (
        <span className="row-actions">
          <Link
            to={{ search: userSearch(id, 'datos') }}
            preventScrollReset
            className="button button--quiet button--small"
            aria-label={`Editar ${username}`}
          >
            Editar
          </Link>
          <Link
            to={{ search: userSearch(id, 'historial') }}
            preventScrollReset
            className="button button--quiet button--small"
            aria-label={`Historial de ${username}`}
          >
            Historial
          </Link>
        </span>
      );
    },
    meta: { className: 'col-nowrap col-actions' },
  }),
]);

const NO_USERS: UserDto[] = [];

export function UsersPage() {
  useDocumentTitle('Usuarios');
  const me = useSessionUser();
  const { refresh } = useSession();
  const users = useQuery(userQueries.list());
  const [params, setParams] = useSearchParams();
  const selectedRaw = params.get('usuario');
  const selectedId = selectedRaw !== null && /^\d{1,10}$/.test(selectedRaw) ? Number(selectedRaw) : null;
  const view = readEnum(params, 'vista', views) ?? 'datos';
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const sorted = useMemo(() => {
    if (!users.data) return NO_USERS;
    return [...users.data].sort((a, b) => a.username.localeCompare(b.username, 'es'));
  }, [users.data]);
  const selected = sorted.find((user) => user.id === selectedId);

  const table = useTable({
    features: serverTableFeatures,
    columns,
    data: sorted,
    getRowId: (user) => String(user.id),
    enableSorting: false,
    manualSorting: true,
    manualPagination: true,
  });

  const selectView = (next: View) =>
    setParams((previous) => patchParams(previous, { vista: next === 'datos' ? null : next }), {
      replace: true,
      preventScrollReset: true,
    });

  const onSaved = (updated: UserDto) => {
    if (updated.id === me.id) void refresh();
  };

  return (
    <section className="page" aria-labelledby="users-title">
      <header className="page__header page__header--actions">
        <div>
          <h1 id="users-title" className="page__title">
            Usuarios
          </h1>
          <p className="page__lead">Cuentas de acceso a Abastece y sus roles.</p>
        </div>
        {!creating ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              setCreating(true);
              setNotice(null);
            }}
          >
            Nuevo usuario
          </button>
        ) : null}
      </header>

      {notice ? (
        <FormMessage kind="ok" testId="users-notice">
          {notice}
        </FormMessage>
      ) : null}

      {creating ? (
        <UserCreateForm
          onCancel={() => setCreating(false)}
          onCreated={(user) => {
            setCreating(false);
            setNotice(`Usuario «${user.username}» creado.`);
            setParams(userSearch(user.id, 'datos').slice(1), { preventScrollReset: true });
          }}
        />
      ) : null}

      <QueryErrorAlert query={users} context="los usuarios" />
      {!users.data && !users.error ? <LoadingState label="Cargando usuarios…" rows={4} /> : null}
      {users.data ? (
        <>
          <p className="result-count" aria-live="polite" data-testid="users-total">
            {plural(sorted.length, 'usuario', 'usuarios')}
          </p>
          <ServerTable
            table={table}
            caption="Usuarios de Abastece"
            busy={users.isFetching}
            testId="users-table"
            empty="No hay usuarios registrados."
            rowClassName={(user) => (user.id === selectedId ? 'is-selected' : undefined)}
          />
        </>
      ) : null}

      {selected ? (
        <UserDetail
          key={selected.id}
          user={selected}
          isSelf={selected.id === me.id}
          view={view}
          onSelectView={selectView}
          onClose={() =>
            setParams((previous) => patchParams(previous, { usuario: null, vista: null }), { preventScrollReset: true })
          }
          onSaved={onSaved}
        />
      ) : null}
      {users.data && selectedId !== null && !selected ? (
        <p className="notice" role="status">
          No existe un usuario con el identificador {selectedId}.
        </p>
      ) : null}
    </section>
  );
}

function UserDetail({
  user,
  isSelf,
  view,
  onSelectView,
  onClose,
  onSaved,
}: {
  user: UserDto;
  isSelf: boolean;
  view: View;
  onSelectView: (view: View) => void;
  onClose: () => void;
  onSaved: (user: UserDto) => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);

  // Opening an account moves the reader to it.
  useEffect(() => {
    heading.current?.scrollIntoView?.({ block: 'nearest' });
    heading.current?.focus({ preventScroll: true });
  }, [user.id]);

  return (
    <section className="panel detail-panel" aria-labelledby="user-detail-title" data-testid="user-detail">
      <div className="panel__heading">
        <h2 id="user-detail-title" className="panel__title" ref={heading} tabIndex={-1}>
          <span className="code">{user.username}</span> — {user.fullName}
          {isSelf ? <span className="muted"> (usted)</span> : null}
        </h2>
        <button type="button" className="button button--quiet button--small" onClick={onClose}>
          Cerrar
        </button>
      </div>
      <Tabs label={`Cuenta de ${user.username}`} tabs={viewTabs} selected={view} onSelect={onSelectView}>
        {view === 'datos' ? <UserEditForm user={user} isSelf={isSelf} onSaved={onSaved} /> : null}
        {view === 'contrasena' && isSelf ? (
          <p className="notice">
            Para cambiar su propia contraseña use <Link to="/cuenta">Mi cuenta</Link>: allí se pide la contraseña actual y
            su sesión sigue abierta.
          </p>
        ) : null}
        {view === 'contrasena' && !isSelf ? <UserPasswordResetForm user={user} onSaved={onSaved} /> : null}
        {view === 'historial' ? <RecordHistoryPanel
            entity="user"
            entityId={user.id}
            queryKey={userKeys.history(user.id)}
            of={`del usuario ${user.username}`}
            emptyMessage="No hay registros de auditoría para este usuario."
          /> : null}
      </Tabs>
    </section>
  );
}
