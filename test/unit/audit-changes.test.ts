// What the Auditoría page and the record histories show of a change: Spanish names and labels,
// never the codes the server recorded.
import { describe, expect, it } from 'vitest';
import { auditChanges } from '../../client/src/platform/lib/audit-changes.ts';
import { problemFieldLabel } from '../../client/src/platform/lib/field-labels.ts';

describe('audit changes in words', () => {
  it('when an import is shown, then its file, created and updated items read in Spanish, codes turned into labels', () => {
    const changes = auditChanges(null, {
      file: 'petitorio.csv',
      created: ['A-1', 'A-2'],
      updated: [{ code: 'B-2', before: { supplyList: 'local', ven: 'non_essential' }, after: { supplyList: 'centralized', ven: 'vital' } }],
    });
    expect(changes).toEqual([
      { field: 'Archivo', kind: 'added', before: '', after: 'petitorio.csv' },
      { field: 'Creados', kind: 'added', before: '', after: 'A-1, A-2' },
      {
        field: 'Modificados',
        kind: 'added',
        before: '',
        after: '(Código: B-2, Antes: (Cartilla: Suministro local, VEN: No esencial), Después: (Cartilla: Suministro centralizado, VEN: Vital))',
      },
    ]);
  });

  it('when an item is created, then its id is named and listed after the fields people read', () => {
    const changes = auditChanges(null, { id: 920, code: 'X-1', dci: 'Ácido fólico' });
    expect(changes.map((change) => change.field)).toEqual(['Código', 'Denominación', 'ID']);
  });

  it('when a problem names a request field, then it is shown by its label', () => {
    expect(problemFieldLabel('roles.0')).toBe('Roles');
    expect(problemFieldLabel('supplyList')).toBe('Cartilla');
    expect(problemFieldLabel('currentPassword')).toBe('Contraseña actual');
    expect(problemFieldLabel('mapping.Descripción')).toBe('Correspondencia de columnas');
    expect(problemFieldLabel('(cuerpo)')).toBe('(cuerpo)');
  });
});
