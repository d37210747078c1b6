// What the Auditoría page and the record histories show of a change: Spanish names and labels,
// never the codes the server recorded.
import { describe, expect, it } from 'vitest';
import { auditChanges } from '../../client/src/platform/lib/audit-changes.ts';
import { problemFieldLabel } from '../../client/src/platform/lib/field-labels.ts';

describe('audit changes in words', () => {
  it('when an import batch is shown, then its file, hash and counts read in Spanish', () => {
    const changes = auditChanges(null, { file: 'petitorio.csv', sha256: 'ab12', created: 2, updated: 1, unchanged: 916 });
    expect(changes).toEqual([
      { field: 'Archivo', kind: 'added', before: '', after: 'petitorio.csv' },
      { field: 'SHA-256 del archivo', kind: 'added', before: '', after: 'ab12' },
      { field: 'Creados', kind: 'added', before: '', after: '2' },
      { field: 'Modificados', kind: 'added', before: '', after: '1' },
      { field: 'Sin cambios', kind: 'added', before: '', after: '916' },
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
