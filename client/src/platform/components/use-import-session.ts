// The steps every spreadsheet import goes through on its page (the formulary's, consumption's):
// a file is checked at once without applying anything (dry run); a corrected reading of its
// headers checks it again; "Aplicar" applies all of it or nothing. One request at a time: a newer
// one aborts the one in flight, and leaving the page aborts it too.
import { useEffect, useRef, useState } from 'react';
import type { ImportReport, ProblemDetails } from '../../../../shared/api.ts';
import { ApiError, isAbortError, toProblem } from '../api/api-client.ts';
import { problemFieldLabel } from '../lib/field-labels.ts';
import { plural } from '../lib/format.ts';
import { formatMegabytes } from './import-steps.tsx';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const IMPORT_ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type ImportPhase = 'idle' | 'checking' | 'applying';

export interface ImportFailure {
  title: string;
  detail?: string | undefined;
  list?: string[];
}

/** The 422 of a rejected import carries the whole report beside the problem fields. */
function reportIn(problem: ProblemDetails): ImportReport | undefined {
  const body = problem as ProblemDetails & Partial<ImportReport>;
  return Array.isArray(body.columns) && Array.isArray(body.changes) ? (body as unknown as ImportReport) : undefined;
}

/** What the page says about a failed request; `tooLarge` and `forbidden` in the words of its import. */
function failureOf(error: unknown, words: ImportWords): ImportFailure {
  const problem = toProblem(error);
  if (error instanceof ApiError) {
    if (error.status === 413) return { title: 'El archivo es demasiado grande', detail: words.tooLarge };
    if (error.status === 422) return { title: 'No se pudo leer el archivo', detail: problem.detail ?? problem.title };
    if (error.status === 400) {
      return {
        title: 'La solicitud no es válida',
        detail: problem.detail,
        list: (problem.errors ?? []).map((fieldError) => `${problemFieldLabel(fieldError.field)}: ${fieldError.message}`),
      };
    }
    if (error.status === 403) return words.forbidden;
  }
  return { title: problem.title, detail: problem.detail };
}

export interface ImportWords {
  /** After "El archivo es demasiado grande": what to do about it. */
  tooLarge: string;
  forbidden: ImportFailure;
}

export type SendImport = (request: { file: File; mapping: Record<string, string>; dryRun: boolean; signal: AbortSignal }) => Promise<ImportReport>;

export function useImportSession(sendImport: SendImport, words: ImportWords) {
  const [file, setFile] = useState<File | null>(null);
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [report, setReport] = useState<ImportReport | null>(null);
  const [phase, setPhase] = useState<ImportPhase>('idle');
  const [failure, setFailure] = useState<ImportFailure | null>(null);
  const [applied, setApplied] = useState<ImportReport | null>(null);
  const inFlight = useRef<AbortController | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => () => inFlight.current?.abort(), []);

  const send = async (chosen: File, mapping: Record<string, string>, dryRun: boolean) => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setPhase(dryRun ? 'checking' : 'applying');
    setFailure(null);
    try {
      const answer = await sendImport({ file: chosen, mapping, dryRun, signal: controller.signal });
      if (dryRun) setReport(answer);
      else {
        setApplied(answer);
        setReport(null);
      }
    } catch (error) {
      if (isAbortError(error) || controller.signal.aborted) return;
      const rejected = error instanceof ApiError && error.status === 422 ? reportIn(error.problem) : undefined;
      if (rejected) {
        setReport(rejected);
        setFailure({
          title: 'No se aplicó nada',
          detail: `El archivo tiene ${plural(rejected.errors.length, 'error', 'errores')}; corríjalos y vuelva a cargarlo.`,
        });
      } else {
        if (dryRun) setReport(null);
        setFailure(failureOf(error, words));
      }
    } finally {
      if (inFlight.current === controller) {
        inFlight.current = null;
        setPhase('idle');
      }
    }
  };

  /** A file chosen (or the same file read again from the start): checked at once. */
  const choose = (chosen: File | null) => {
    setApplied(null);
    setReport(null);
    setOverrides({});
    setFile(chosen);
    if (!chosen) return;
    if (chosen.size > MAX_IMPORT_BYTES) {
      setFailure({ title: 'El archivo es demasiado grande', detail: `Pesa ${formatMegabytes(chosen.size)}; el máximo es 20 MB.` });
      return;
    }
    void send(chosen, {}, true);
  };

  /** A header read as another column (or as none): checked again. */
  const remap = (header: string, key: string) => {
    if (!file || !report) return;
    const next = { ...overrides, [header]: key };
    // A column is read from one header only: another header holding it is ignored from now on.
    if (key) {
      for (const column of report.columns) {
        if (column.header !== header && column.key === key) next[column.header] = '';
      }
    }
    setOverrides(next);
    void send(file, next, true);
  };

  const apply = () => {
    if (file) void send(file, overrides, false);
  };

  const restart = () => {
    inFlight.current?.abort();
    setFile(null);
    setReport(null);
    setOverrides({});
    setApplied(null);
    setFailure(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  const changes = report ? report.created + report.updated : 0;
  const canApply = file !== null && report !== null && report.errors.length === 0 && changes > 0 && phase === 'idle';

  return { file, report, phase, failure, applied, fileInput, choose, remap, apply, restart, changes, canApply };
}
