/**
 * Every rule violation the platform can report. Codes are stable API: clients and the UI switch
 * on them; the message tables below turn them into zh-CN / English text.
 */
export const domainErrorCodes = {
  VALIDATION_FAILED: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  IDEMPOTENCY_MISMATCH: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  OUT_OF_SCOPE: 'FORBIDDEN',
  INVALID_CREDENTIALS: 'UNAUTHORIZED',
  JURISDICTION_CODE_TAKEN: 'CONFLICT',
  JURISDICTION_PARENT_LEVEL: 'BAD_REQUEST',
  JURISDICTION_CODE_INVALID: 'BAD_REQUEST',
  ORGANIZATION_NOT_PLANNED: 'PRECONDITION_FAILED',
  ACCOUNT_LOCKED: 'TOO_MANY_REQUESTS',
  ACCOUNT_DISABLED: 'FORBIDDEN',
  PASSWORD_TOO_WEAK: 'BAD_REQUEST',
  ROLE_NOT_GRANTABLE: 'FORBIDDEN',
  USERNAME_TAKEN: 'CONFLICT',
  SELF_APPROVAL: 'FORBIDDEN',
  DEPENDENCY_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
} as const;

export type DomainErrorCode = keyof typeof domainErrorCodes;
export type TransportCode = (typeof domainErrorCodes)[DomainErrorCode];

export type Locale = 'zh-CN' | 'en';

type MessageTable = Record<DomainErrorCode, string>;

const zh: MessageTable = {
  VALIDATION_FAILED: '输入有误，请检查标出的字段',
  NOT_FOUND: '未找到对应记录',
  CONFLICT: '数据已被他人修改，请刷新后重试',
  IDEMPOTENCY_MISMATCH: '同一请求编号已用于内容不同的请求',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '您没有执行此操作的权限',
  OUT_OF_SCOPE: '该记录不在您的管辖范围内',
  INVALID_CREDENTIALS: '用户名或密码错误',
  JURISDICTION_CODE_TAKEN: '该行政区划代码已被使用',
  JURISDICTION_PARENT_LEVEL: '上级区划的层级不正确',
  JURISDICTION_CODE_INVALID: '行政区划代码格式不正确',
  ORGANIZATION_NOT_PLANNED: '只有筹建中的机构才能启用',
  ACCOUNT_LOCKED: '登录失败次数过多，账户已临时锁定，请15分钟后再试',
  ACCOUNT_DISABLED: '该账户已停用，请联系管理员',
  PASSWORD_TOO_WEAK: '密码不符合要求：至少10位，不能是常见密码，不能包含用户名',
  ROLE_NOT_GRANTABLE: '您不能授予该角色',
  USERNAME_TAKEN: '该用户名已被使用',
  SELF_APPROVAL: '申报人不能审批自己申报的事项',
  DEPENDENCY_UNAVAILABLE: '依赖的服务暂时不可用，请稍后重试',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  INTERNAL: '系统内部错误，请稍后重试或联系管理员',
};

const en: MessageTable = {
  VALIDATION_FAILED: 'Some fields are invalid; please check the marked fields',
  NOT_FOUND: 'The record was not found',
  CONFLICT: 'The record was changed by someone else; refresh and try again',
  IDEMPOTENCY_MISMATCH: 'This request id was already used for a different request',
  UNAUTHENTICATED: 'Please sign in first',
  FORBIDDEN: 'You are not allowed to do this',
  OUT_OF_SCOPE: 'This record is outside your jurisdiction',
  INVALID_CREDENTIALS: 'Wrong username or password',
  JURISDICTION_CODE_TAKEN: 'This administrative division code is already in use',
  JURISDICTION_PARENT_LEVEL: 'The parent jurisdiction has the wrong level',
  JURISDICTION_CODE_INVALID: 'The administrative division code is malformed',
  ORGANIZATION_NOT_PLANNED: 'Only a planned organization can be activated',
  ACCOUNT_LOCKED: 'Too many failed sign-ins; the account is locked for 15 minutes',
  ACCOUNT_DISABLED: 'This account is disabled; contact your administrator',
  PASSWORD_TOO_WEAK: 'The password must have at least 10 characters, not be a common password and not contain the username',
  ROLE_NOT_GRANTABLE: 'You cannot grant this role',
  USERNAME_TAKEN: 'This username is already taken',
  SELF_APPROVAL: 'Whoever filed a request cannot approve it',
  DEPENDENCY_UNAVAILABLE: 'A service this depends on is unavailable; try again shortly',
  RATE_LIMITED: 'Too many requests; try again later',
  INTERNAL: 'Internal error; try again or contact the administrator',
};

const tables: Record<Locale, MessageTable> = { 'zh-CN': zh, en };

export function domainMessage(code: DomainErrorCode, locale: Locale): string {
  return tables[locale][code];
}

/** Picks zh-CN unless the caller clearly prefers English (Accept-Language or an explicit choice). */
export function resolveLocale(header: string | null | undefined): Locale {
  if (!header) return 'zh-CN';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

/**
 * A rule the caller broke. `detail` is for logs and developers (English); users see the
 * localized message for `code`, plus any `fieldErrors` (field path → localized text).
 */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly detail: Record<string, unknown> | undefined;

  constructor(code: DomainErrorCode, message?: string, detail?: Record<string, unknown>) {
    super(message ?? code);
    this.name = 'DomainError';
    this.code = code;
    this.detail = detail;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError || (typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'DomainError' && typeof (value as { code?: unknown }).code === 'string' && (value as { code: string }).code in domainErrorCodes);
}
