// Finance signs off a process, or a leaf of the tree, as reconciled (issue 13); an administrator
// reopens it. While in force the database locks what it covers (triggers *_signed_off). Locks, in
// order: the programme (no key update: sign-offs of a programme, and its line writes, which hold
// it in share, take turns), then the covered planned lines (update: an executed line matched into
// one waits on its key), so the figures recorded are the ones locked.
import type { Kysely } from 'kysely';
import { processLabels, segmentLabels } from '../../../shared/domain.ts';
import type { SignOffDto } from '../../../shared/reconciliation-api.ts';
import { reopenBodySchema, signOffBodySchema } from '../../../shared/reconciliation-schemas.ts';
import { limaDateTime, signOffScopeLabel } from '../../../shared/reconciliation.ts';
import { problemTypes } from '../../../shared/problem-types.ts';
import type { Database } from '../../../db/schema.ts';
import { HttpProblem, InvalidValueProblem, NotFoundProblem } from '../../platform/http/problem.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { auditedTransaction, type AuditContext } from '../audit/audit.service.ts';
import { lockProgramme } from '../programmes/programmes.repository.ts';
import * as repository from './sign-offs.repository.ts';

type Db = Kysely<Database>;

const userOf = (context: AuditContext) => ({ userId: context?.user?.id ?? null, userName: context?.user?.fullName ?? context?.user?.username ?? 'sistema' });

export async function createSignOff(db: Db, context: AuditContext, now: Date, programmeId: number, input: unknown): Promise<SignOffDto> {
  const body = parseRequest(signOffBodySchema, input, 'body');
  return auditedTransaction(db, context, now, async (tx) => {
    if (!(await lockProgramme(tx.trx, programmeId, 'update'))) throw new NotFoundProblem(`No existe el programa ${programmeId}.`, 'id');
    let scope: repository.SignOffScope = { channel: body.channel, segment: body.segment, processType: body.processType, processId: body.processId };
    if (body.processId !== null) {
      const process = await repository.findProcessForSignOff(tx.trx, body.processId);
      if (!process || process.programmeId !== programmeId) {
        throw new InvalidValueProblem([{ field: 'processId', in: 'body', message: `El proceso ${body.processId} no es de este programa.` }]);
      }
      if (process.channel !== body.channel || process.type !== body.processType || (body.segment !== null && process.segment !== body.segment)) {
        const kind = signOffScopeLabel({ channel: process.channel, segment: process.segment, processType: process.type, processCode: null });
        throw new InvalidValueProblem([{ field: 'processType', in: 'body', message: `El proceso «${process.code}» es de ${kind}.` }]);
      }
      scope = { ...scope, segment: process.segment };
    } else if (body.channel === 'minsa_corporate' && body.segment === null && body.processType !== null) {
      const message = `Segmento: la compra corporativa MINSA se concilia por segmento (${Object.values(segmentLabels).join(' u ')}) y ${processLabels[body.processType].toLowerCase()}.`;
      throw new InvalidValueProblem([{ field: 'segment', in: 'body', message }]);
    }
    const overlapping = await repository.findOverlapping(tx.trx, programmeId, scope);
    if (overlapping) {
      const detail =
        `Se superpone con la conformidad N.º ${overlapping.id} (${signOffScopeLabel(overlapping)}), firmada por ${overlapping.signedBy} ` +
        `el ${limaDateTime(overlapping.signedAt)}: un administrador debe reabrirla antes de firmar esta.`;
      throw new HttpProblem(409, problemTypes.signedOff, 'Conciliación conforme', detail, [{ field: 'signOff', in: 'body', message: detail }]);
    }
    const figures = await repository.lockAndSumCovered(tx.trx, programmeId, scope);
    const id = await repository.insertSignOff(tx.trx, { programmeId, scope, comment: body.comment, ...figures, at: now, ...userOf(context) });
    const signOff = (await repository.findSignOff(tx.trx, id))!;
    tx.audit.push({ action: 'sign_off', entity: 'reconciliation_sign_off', entityId: id, after: signOff });
    return signOff;
  });
}

/** Reopens a sign-off in force (kept on record with who, when and why): its lines can change again. */
export async function reopenSignOff(db: Db, context: AuditContext, now: Date, programmeId: number, signOffId: number, input: unknown): Promise<SignOffDto> {
  const { comment } = parseRequest(reopenBodySchema, input, 'body');
  return auditedTransaction(db, context, now, async (tx) => {
    if (!(await lockProgramme(tx.trx, programmeId, 'update'))) throw new NotFoundProblem(`No existe el programa ${programmeId}.`, 'id');
    const before = await repository.findSignOff(tx.trx, signOffId, true);
    if (!before || before.programmeId !== programmeId) throw new NotFoundProblem(`No existe la conformidad ${signOffId} en este programa.`, 'signOffId');
    if (before.reopenedAt !== null) {
      const detail = `La conformidad N.º ${signOffId} ya fue reabierta por ${before.reopenedBy} el ${limaDateTime(before.reopenedAt)}.`;
      throw new HttpProblem(409, problemTypes.conflict, 'Conflicto', detail, [{ field: 'signOffId', in: 'path', message: detail }]);
    }
    await repository.reopenSignOff(tx.trx, signOffId, { at: now, comment, ...userOf(context) });
    const after = (await repository.findSignOff(tx.trx, signOffId))!;
    tx.audit.push({ action: 'reopen', entity: 'reconciliation_sign_off', entityId: signOffId, before, after });
    return after;
  });
}
