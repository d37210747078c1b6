// Who is asking, from where, under which request id: read by the audit trail and the guards.
import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { SessionDto, SessionUser } from '../../../shared/auth.ts';

export interface RequestContext {
  requestId: string;
  clientAddress: string;
  /** The signed-in user, when the request carries a live session. */
  user?: SessionUser;
  /** The live session, when the request carries one. */
  session?: SessionDto;
  /** SHA-256 of the session token, to end this session on sign-out. */
  sessionTokenHash?: string;
}

export const requestContext: RequestHandler = (req, res, next) => {
  const context: RequestContext = {
    requestId: randomUUID(),
    clientAddress: req.ip ?? req.socket.remoteAddress ?? 'desconocida',
  };
  res.locals.context = context;
  res.setHeader('X-Request-Id', context.requestId);
  next();
};

export function contextOf(res: Response): RequestContext {
  return res.locals.context as RequestContext;
}
