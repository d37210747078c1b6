import type { RequestHandler } from 'express';
import { HttpProblem } from '../../platform/http/problem.ts';
import { contextOf } from '../../platform/http/request-context.ts';
import { allows, type Access } from './policy.ts';
import { problemTypes } from '../../../shared/problem-types.ts';

export class UnauthenticatedProblem extends HttpProblem {
  constructor(detail = 'Inicie sesión para continuar.') {
    super(401, problemTypes.unauthenticated, 'Sesión requerida', detail);
  }
}

export class ForbiddenProblem extends HttpProblem {
  constructor(detail = 'Su rol no permite esta operación.') {
    super(403, problemTypes.forbidden, 'Acceso denegado', detail);
  }
}

export function authorize(access: Access): RequestHandler {
  return (_req, res, next) => {
    const { user } = contextOf(res);
    if (access !== 'public' && !user) throw new UnauthenticatedProblem();
    if (!allows(access, user?.roles)) throw new ForbiddenProblem();
    next();
  };
}
