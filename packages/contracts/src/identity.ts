import { z } from 'zod';
import { assignableRoles } from '@bianzhi/domain/access';
import { MAX_PASSWORD_LENGTH } from '@bianzhi/domain/password-policy';
import { uuid } from './common.js';

export const role = z.enum(assignableRoles as [string, ...string[]]).transform((value) => value as (typeof assignableRoles)[number]);
/** Lower-case letters, digits, dot, underscore and hyphen (better-auth is configured to match). */
export const usernamePattern = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const username = z.string().trim().toLowerCase().regex(usernamePattern);
const password = z.string().min(1).max(MAX_PASSWORD_LENGTH);

export const createUserInput = z.object({
  username,
  name: z.string().trim().min(1).max(100),
  role,
  jurisdictionId: uuid,
  organizationId: uuid.nullable().default(null),
  /** Required for people; service accounts sign in with API tokens only. */
  password: password.optional(),
  /**
   * The holder's national ID number (公民身份号码), optional: kept only as a keyed hash, so that
   * two accounts of one person count as one person (separation of duties). Never stored in clear.
   */
  idNumber: z.string().trim().toUpperCase().regex(/^\d{17}[\dX]$/).optional(),
});
export type CreateUserInput = z.infer<typeof createUserInput>;

export const userIdInput = z.object({ id: uuid });
export const listUsersInput = z.object({ search: z.string().trim().max(64).optional() }).default({});
export const resetPasswordInput = z.object({ id: uuid, password });
/** One's own password: the current one, and a new one that differs from it and meets the policy. */
export const changePasswordInput = z.object({ currentPassword: password, newPassword: password });
export const assignRoleInput = z.object({ id: uuid, role, jurisdictionId: uuid, organizationId: uuid.nullable().default(null) });

export interface UserDto {
  id: string;
  username: string;
  name: string;
  role: z.infer<typeof role>;
  jurisdictionId: string | null;
  organizationId: string | null;
  disabled: boolean;
  locked: boolean;
  /** Reset by an administrator: the holder must set their own password at the next sign-in. */
  mustChangePassword: boolean;
  createdAt: Date;
}

export const revokeSessionInput = z.object({ id: uuid });

export interface SessionDto {
  id: string;
  createdAt: Date;
  expiresAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
  current: boolean;
}

export const createTokenInput = z.object({
  userId: uuid,
  name: z.string().trim().min(1).max(100),
  /** Every token expires, at most two years after it is issued. */
  expiresInDays: z.number().int().min(1).max(730).default(365),
});
export const revokeTokenInput = z.object({ id: uuid });

export interface TokenDto {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}
