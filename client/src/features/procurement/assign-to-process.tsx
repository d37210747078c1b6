// "Asignar a proceso…" in the planning grid's bulk bar: the selected lines join one of the
// programme's open processes, all or none. The processes offered are those whose channel, segment
// and type fit the selected lines (the ones that fit them all first); when the server refuses, its
// problem says which line disagrees and why.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { PurchaseLineDto } from '../../../../shared/api.ts';
import { lineAssignmentOpen, lineMismatch } from '../../../../shared/procurement.ts';
import type { ProcessDto } from '../../../../shared/procurement-api.ts';
import { postJson, problemSummary, toProblem } from '../../platform/api/api-client.ts';
import { patchCachedLines } from '../planning/planning-queries.ts';
import { processKindLabel } from './procurement-display.tsx';
import { invalidateAfterProcessWrite, MAX_PROCESSES_PAGE, procurementQueries } from './procurement-queries.ts';
import './procurement.css';

interface Candidate {
  process: ProcessDto;
  /** How many of the selected lines fit it. */
  fits: number;
}

export function AssignToProcess({
  programmeId,
  lines,
  onAssigned,
}: {
  programmeId: number;
  lines: readonly PurchaseLineDto[];
  onAssigned: (notice: string) => void;
}) {
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState('');
  const processes = useQuery(procurementQueries.processes(programmeId, { pageSize: MAX_PROCESSES_PAGE }));
  const candidates: Candidate[] = (processes.data?.processes ?? [])
    .filter((process) => lineAssignmentOpen.includes(process.status))
    .map((process) => ({ process, fits: lines.filter((line) => lineMismatch(process, line) === null).length }))
    .filter((candidate) => candidate.fits > 0)
    .sort((a, b) => b.fits - a.fits || a.process.code.localeCompare(b.process.code, 'es'));
  const target = candidates.find((candidate) => String(candidate.process.id) === chosen)?.process;

  const assign = useMutation({
    mutationFn: (process: ProcessDto) => postJson<unknown>(`/processes/${process.id}/lines`, { lineIds: lines.map((line) => line.id) }),
    onSuccess: (_answer, process) => {
      const link = { id: process.id, code: process.code, status: process.status };
      patchCachedLines(queryClient, programmeId, { upsert: lines.map((line) => ({ ...line, procurementProcess: link })) });
      setChosen('');
      onAssigned(`${lines.length === 1 ? 'Se asignó 1 línea' : `Se asignaron ${lines.length} líneas`} al proceso ${process.code}.`);
    },
    onSettled: () => invalidateAfterProcessWrite(queryClient, programmeId, { gridPatched: true }),
  });
  const problem = assign.error ? toProblem(assign.error) : null;
  const reasons = (problem?.errors ?? []).map((error) => error.message).filter((message) => message !== problem?.detail);

  return (
    <div className="bulk-bar__assign" role="group" aria-label="Asignar a un proceso de selección">
      <label className="bulk-bar__field">
        Asignar a proceso…
        <select className="select" value={chosen} onChange={(event) => setChosen(event.target.value)} disabled={!processes.data} data-testid="assign-process">
          <option value="">{processes.data ? (candidates.length > 0 ? 'Elija el proceso' : 'Ningún proceso abierto coincide') : 'Cargando procesos…'}</option>
          {candidates.map(({ process, fits }) => (
            <option key={process.id} value={process.id}>
              {process.code} — {processKindLabel(process)}
              {fits < lines.length ? ` (coincide con ${fits} de ${lines.length} líneas)` : ''}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button button--primary" disabled={!target || assign.isPending} onClick={() => target && assign.mutate(target)}>
        {assign.isPending ? 'Asignando…' : 'Asignar'}
      </button>
      {processes.data && candidates.length === 0 ? (
        <p className="bulk-bar__message muted">
          Ningún proceso programado o convocado coincide en canal, segmento y tipo con las líneas seleccionadas:{' '}
          <Link to={`/programas/${programmeId}/procesos`}>cree uno en Procesos de selección</Link>.
        </p>
      ) : null}
      {problem ? (
        <div className="form-field__error bulk-bar__message" role="alert" data-testid="assign-error">
          <p>No se asignó ninguna línea: {problemSummary(problem)}</p>
          {reasons.length > 0 ? (
            <ul>
              {reasons.map((reason, index) => (
                <li key={index}>{reason}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
