// What the sign-in, users and audit endpoints accept; reused by the client's forms.
import { z } from 'zod';
import { MAX_PAGE_SIZE } from './api.ts';
import { MIN_PASSWORD_LENGTH, auditActions, auditEntities, auditEntityLabels, roleLabels, roles, type AuditEntity } from './auth.ts';
// Also configures zod (Spanish messages, jitless) wherever these schemas are used.
import { chooseOneOf } from './api-schemas.ts';
import { fold } from './import-columns.ts';

const username = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(40)
  .regex(/^[a-z0-9._-]+$/, 'Solo letras minúsculas sin tilde, números, punto, guion y guion bajo');

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `La contraseña debe tener al menos ${MIN_PASSWORD_LENGTH} caracteres`)
  .max(200);

export const signInSchema = z.strictObject({
  username: z.string().trim().toLowerCase().min(1).max(40),
  password: z.string().min(1).max(200),
});

const roleList = z
  .array(z.enum(roles, chooseOneOf(roleLabels)))
  .min(1, 'Asigne al menos un rol')
  .transform((list) => [...new Set(list)]);

export const createUserSchema = z.strictObject({
  username,
  fullName: z.string().trim().min(1).max(120),
  roles: roleList,
  password: passwordSchema,
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .strictObject({
    fullName: z.string().trim().min(1).max(120).optional(),
    roles: roleList.optional(),
    /** An administrator's password reset. */
    password: passwordSchema.optional(),
    active: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Indique al menos un cambio' });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: passwordSchema,
});

/** A calendar day within years 1900 to 2999: year 0 or 10000 would reach PostgreSQL as a timestamp it refuses. */
const isoDate = z.iso.date().refine((date) => date >= '1900-01-01' && date <= '2999-12-31', 'Indique una fecha entre los años 1900 y 2999');

/** An entity by its code ("item") or by its label as the Auditoría page shows it ("Ítem", "ítem", "ITEM"). */
const entityByWord = new Map<string, AuditEntity>(
  auditEntities.flatMap((code) => [
    [fold(code), code],
    [fold(auditEntityLabels[code]), code],
  ]),
);

const auditEntity = z.string().transform((text, ctx) => {
  const code = entityByWord.get(fold(text));
  if (code === undefined) {
    ctx.addIssue({ code: 'custom', message: `Entidad desconocida. ${chooseOneOf(auditEntityLabels)}` });
    return z.NEVER;
  }
  return code;
});

export const auditQuerySchema = z.strictObject({
  // user_id is an int4: a larger id would make PostgreSQL refuse the query.
  userId: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  entity: auditEntity.optional(),
  entityId: z.string().trim().min(1).max(60).optional(),
  action: z.enum(auditActions).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(100),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** An anchor written down earlier (row id and its hash), checked together with the chain. */
export const auditVerifyQuerySchema = z
  .strictObject({
    id: z.coerce.number().int().min(1).optional(),
    hash: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[0-9a-f]{64}$/, 'Debe ser un hash SHA-256: 64 caracteres hexadecimales.')
      .optional(),
  })
  .refine((query) => (query.id === undefined) === (query.hash === undefined), {
    message: 'Indique el registro y su hash, los dos.',
    path: ['hash'],
  });
export type AuditVerifyQuery = z.infer<typeof auditVerifyQuerySchema>;
