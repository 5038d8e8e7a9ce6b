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
  ORGANIZATION_NOT_LIVE: 'PRECONDITION_FAILED',
  ORGANIZATION_STATE: 'PRECONDITION_FAILED',
  POLICY_VIOLATION: 'PRECONDITION_FAILED',
  CREDIT_CODE_INVALID: 'BAD_REQUEST',
  CREDIT_CODE_TAKEN: 'CONFLICT',
  DEPARTMENT_NAME_TAKEN: 'CONFLICT',
  DOCUMENT_VERSION_STALE: 'CONFLICT',
  POWER_BATCH_CLOSED: 'PRECONDITION_FAILED',
  POWER_BATCH_EXISTS: 'CONFLICT',
  IMPORT_INVALID: 'BAD_REQUEST',
  EFFECTIVE_DATE_INVALID: 'BAD_REQUEST',
  ID_NUMBER_INVALID: 'BAD_REQUEST',
  PERSON_HOLDS_SLOT: 'CONFLICT',
  RESERVATION_INVALID: 'PRECONDITION_FAILED',
  SLOT_CLOSED: 'PRECONDITION_FAILED',
  TRANSFER_REFUSED: 'PRECONDITION_FAILED',
  PLAN_STATE: 'PRECONDITION_FAILED',
  STILL_OVER_QUOTA: 'PRECONDITION_FAILED',
  EXCEEDS_VACANCIES: 'PRECONDITION_FAILED',
  POOL_INSUFFICIENT: 'PRECONDITION_FAILED',
  POSTS_BELOW_APPOINTMENTS: 'PRECONDITION_FAILED',
  REDUCTION_TARGET_INVALID: 'BAD_REQUEST',
  LEADERSHIP_POSTS_FULL: 'PRECONDITION_FAILED',
  FUNCTION_DOUBLE_COVERED: 'CONFLICT',
  STAFF_ALREADY_ENGAGED: 'CONFLICT',
  ENGAGEMENT_ENDED: 'PRECONDITION_FAILED',
  ORGANIZATION_LIMIT_EXCEEDED: 'PRECONDITION_FAILED',
  DEPARTMENT_OUT_OF_RANGE: 'PRECONDITION_FAILED',
  LIMIT_NOT_YOURS: 'FORBIDDEN',
  POLICY_NOT_YOURS: 'FORBIDDEN',
  CATEGORY_NOT_YOURS: 'FORBIDDEN',
  AUTHORITY_LIST_NOT_YOURS: 'FORBIDDEN',
  ACCOUNT_LOCKED: 'TOO_MANY_REQUESTS',
  ACCOUNT_DISABLED: 'FORBIDDEN',
  PASSWORD_TOO_WEAK: 'BAD_REQUEST',
  ROLE_NOT_GRANTABLE: 'FORBIDDEN',
  USERNAME_TAKEN: 'CONFLICT',
  SELF_APPROVAL: 'FORBIDDEN',
  RESET_NOT_ALLOWED: 'FORBIDDEN',
  PASSWORD_CHANGE_REQUIRED: 'FORBIDDEN',
  CURRENT_PASSWORD_WRONG: 'BAD_REQUEST',
  PASSWORD_UNCHANGED: 'BAD_REQUEST',
  ORGANIZATION_OUTSIDE_JURISDICTION: 'BAD_REQUEST',
  PLACEMENT_TARGET_INVALID: 'BAD_REQUEST',
  TRANSFER_NOT_AUTHORIZED: 'FORBIDDEN',
  MATTER_STATE: 'PRECONDITION_FAILED',
  MATTER_NOT_YOUR_TURN: 'FORBIDDEN',
  MATTER_INVALID: 'BAD_REQUEST',
  MATTER_REQUIRED: 'FORBIDDEN',
  VIOLATION_STATE: 'PRECONDITION_FAILED',
  EVIDENCE_INVALID: 'BAD_REQUEST',
  EVALUATION_STATE: 'PRECONDITION_FAILED',
  ASSESSMENT_STATE: 'PRECONDITION_FAILED',
  NOTICE_STATE: 'PRECONDITION_FAILED',
  SUBSCRIPTION_URL_REFUSED: 'BAD_REQUEST',
  SIGNED_HEAD_INVALID: 'BAD_REQUEST',
  REFORM_STAGE: 'PRECONDITION_FAILED',
  REFORM_DEADLINE_PASSED: 'PRECONDITION_FAILED',
  REFORM_IRREVERSIBLE: 'PRECONDITION_FAILED',
  PLACEMENT_INCOMPLETE: 'PRECONDITION_FAILED',
  DEPENDENCY_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  REGISTRATION_STATE: 'PRECONDITION_FAILED',
  REGISTRATION_INVALID: 'BAD_REQUEST',
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
  ORGANIZATION_NOT_LIVE: '该机构已撤销、下放或转企，不能再变更',
  ORGANIZATION_STATE: '该机构当前的状态不允许这项操作',
  POLICY_VIOLATION: '不符合机构编制政策规则',
  CREDIT_CODE_INVALID: '统一社会信用代码不正确（校验位不符或格式有误）',
  CREDIT_CODE_TAKEN: '该统一社会信用代码已登记在另一机构名下',
  DEPARTMENT_NAME_TAKEN: '该机构已有同名内设机构',
  DOCUMENT_VERSION_STALE: '已有更新版本的文件，请刷新后重试',
  POWER_BATCH_CLOSED: '该权责清单调整批次已结束，不能再调整',
  POWER_BATCH_EXISTS: '该半年度的调整批次已经存在',
  IMPORT_INVALID: '导入文件有错误，未导入任何数据',
  EFFECTIVE_DATE_INVALID: '生效日期不能晚于今天，也不能早于该机构上一次变更的生效日期',
  ID_NUMBER_INVALID: '公民身份号码不正确（校验位不符、出生日期无效或格式有误）',
  PERSON_HOLDS_SLOT: '此人已在编，一人在全市只能占用一个编制',
  RESERVATION_INVALID: '没有可用的用编计划预留：预留不存在、已用完、已撤销或已到期',
  SLOT_CLOSED: '此人已出编',
  TRANSFER_REFUSED: '编制变动未通过校验',
  PLAN_STATE: '该用编计划当前的状态不允许这项操作',
  STILL_OVER_QUOTA: '该单位仍然超编，不能解除超编标记',
  EXCEEDS_VACANCIES: '可用空编不足',
  POOL_INSUFFICIENT: '区划的未分配编制不足，不能核定这么多编制',
  POSTS_BELOW_APPOINTMENTS: '核定的领导职数少于现有配备人数',
  REDUCTION_TARGET_INVALID: '减编任务不成立：请核对单位（区划）、编制类型、数量和期限',
  LEADERSHIP_POSTS_FULL: '领导职数已满，超职数配备须作为违规问题登记',
  FUNCTION_DOUBLE_COVERED: '同一职能不能既购买服务又使用编制（两头占）',
  STAFF_ALREADY_ENGAGED: '此人已在编或已是编外人员，同一人在全市只能有一处',
  ENGAGEMENT_ENDED: '该编外人员或购买服务合同已经终止',
  ORGANIZATION_LIMIT_EXCEEDED: '超出机构限额',
  DEPARTMENT_OUT_OF_RANGE: '内设机构编制不在本地区的编制区间内',
  LIMIT_NOT_YOURS: '本级的机构限额由上级机构编制部门核定，本级只能查看',
  POLICY_NOT_YOURS: '该规则由上级机构编制部门设定，本级只能查看',
  CATEGORY_NOT_YOURS: '机关类别和事业单位分类由上级机构编制部门调整，本级不能变更',
  AUTHORITY_LIST_NOT_YOURS: '政事权限清单由主管部门所在地的机构编制部门制定',
  ACCOUNT_LOCKED: '登录失败次数过多，账户已临时锁定，请15分钟后再试',
  ACCOUNT_DISABLED: '该账户已停用，请联系管理员',
  PASSWORD_TOO_WEAK: '密码不符合要求：至少10位，不能是常见密码，不能包含用户名',
  ROLE_NOT_GRANTABLE: '您不能授予该角色',
  USERNAME_TAKEN: '该用户名已被使用',
  SELF_APPROVAL: '申报人不能审批自己申报的事项',
  RESET_NOT_ALLOWED: '只有级别更高的管理员才能重置该用户的密码',
  PASSWORD_CHANGE_REQUIRED: '您的密码已由管理员重置，请先修改密码',
  CURRENT_PASSWORD_WRONG: '当前密码不正确',
  PASSWORD_UNCHANGED: '新密码不能与当前密码相同',
  ORGANIZATION_OUTSIDE_JURISDICTION: '所属单位不存在或不在该用户的管辖区划内',
  PLACEMENT_TARGET_INVALID: '安置去向不是本项目涉及的单位，或不在本项目的地区范围内',
  TRANSFER_NOT_AUTHORIZED: '无权直接办理这项编制变动，请作为事项申报',
  MATTER_STATE: '该事项当前的状态不允许这项操作',
  MATTER_NOT_YOUR_TURN: '当前环节不由您办理：申报人和此前各环节的办理人不能再办理本事项，且须由有权审批的层级办理',
  MATTER_INVALID: '事项内容不完整或不正确',
  MATTER_REQUIRED: '这项变更须申报机构编制事项，经批准后由平台执行',
  VIOLATION_STATE: '该问题当前的状态不允许这项操作',
  EVIDENCE_INVALID: '佐证材料无效：文件为空、超过10MB或类型不允许',
  EVALUATION_STATE: '该评估当前的状态不允许这项操作',
  ASSESSMENT_STATE: '本年度考核当前的状态不允许这项操作',
  NOTICE_STATE: '该督查通知书当前的状态不允许这项操作',
  SUBSCRIPTION_URL_REFUSED: '接收地址不可用：须为 http 或 https 地址，且不得指向本机或内部网络',
  SIGNED_HEAD_INVALID: '签名文件无效：签名不符或内容被改动',
  REFORM_STAGE: '改革项目当前阶段不允许此操作',
  REFORM_DEADLINE_PASSED: '已过决定期限',
  REFORM_IRREVERSIBLE: '机构变更已生效，不能撤销本项目',
  PLACEMENT_INCOMPLETE: '还有人员未安置',
  DEPENDENCY_UNAVAILABLE: '依赖的服务暂时不可用，请稍后重试',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  REGISTRATION_STATE: '该单位当前的法人登记状态不允许这项登记',
  REGISTRATION_INVALID: '登记事项填写有误',
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
  ORGANIZATION_NOT_LIVE: 'This organization was abolished, delegated or converted and can no longer change',
  ORGANIZATION_STATE: 'The organization’s current status does not allow this',
  POLICY_VIOLATION: 'This breaks an establishment policy rule',
  CREDIT_CODE_INVALID: 'The unified social credit code is invalid (wrong format or check character)',
  CREDIT_CODE_TAKEN: 'This unified social credit code is registered to another organization',
  DEPARTMENT_NAME_TAKEN: 'The organization already has an internal department of this name',
  DOCUMENT_VERSION_STALE: 'A newer version of this document exists; refresh and try again',
  POWER_BATCH_CLOSED: 'This adjustment batch of the power list is closed',
  POWER_BATCH_EXISTS: 'An adjustment batch for this half-year already exists',
  IMPORT_INVALID: 'The file has errors; nothing was imported',
  EFFECTIVE_DATE_INVALID: 'The effective date cannot be after today or before the organization’s last recorded change',
  ID_NUMBER_INVALID: 'The national ID number is invalid (check character, birth date or format)',
  PERSON_HOLDS_SLOT: 'This person already holds a slot; one person holds at most one in the city',
  RESERVATION_INVALID: 'No usable reservation: it does not exist, is used up, voided or expired',
  SLOT_CLOSED: 'This person has already left',
  TRANSFER_REFUSED: 'The quota movement was refused',
  PLAN_STATE: 'The staffing-use plan’s status does not allow this',
  STILL_OVER_QUOTA: 'The unit is still over quota',
  EXCEEDS_VACANCIES: 'Not enough free vacancies',
  POOL_INSUFFICIENT: 'The jurisdiction’s unallocated pool holds less quota than asked for',
  POSTS_BELOW_APPOINTMENTS: 'Fewer leadership posts than people appointed',
  REDUCTION_TARGET_INVALID: 'The reduction target does not hold: check the unit (or jurisdiction), quota type, amount and dates',
  LEADERSHIP_POSTS_FULL: 'All leadership posts of this rank are filled; appointing beyond them is a violation to record',
  FUNCTION_DOUBLE_COVERED: 'A function cannot be both bought as a service and staffed on quota in the same unit',
  STAFF_ALREADY_ENGAGED: 'This person is already on quota or outside quota somewhere in the city',
  ENGAGEMENT_ENDED: 'This engagement or purchase contract has already ended',
  ORGANIZATION_LIMIT_EXCEEDED: 'This change exceeds an organization limit',
  DEPARTMENT_OUT_OF_RANGE: 'The internal department’s headcount lies outside its jurisdiction’s range',
  LIMIT_NOT_YOURS: 'A jurisdiction’s limits are set by the level above; it can only read its own',
  POLICY_NOT_YOURS: 'This rule is set by the level above; a jurisdiction can only read its own',
  CATEGORY_NOT_YOURS: 'An organ’s branch and an institution’s class are changed by the level above, not by the unit’s own jurisdiction',
  AUTHORITY_LIST_NOT_YOURS: 'The authority list is set by the bureau of the supervising organ’s jurisdiction',
  ACCOUNT_LOCKED: 'Too many failed sign-ins; the account is locked for 15 minutes',
  ACCOUNT_DISABLED: 'This account is disabled; contact your administrator',
  PASSWORD_TOO_WEAK: 'The password must have at least 10 characters, not be a common password and not contain the username',
  ROLE_NOT_GRANTABLE: 'You cannot grant this role',
  USERNAME_TAKEN: 'This username is already taken',
  SELF_APPROVAL: 'Whoever filed a request cannot approve it',
  RESET_NOT_ALLOWED: 'Only an administrator of a higher standing can reset this user’s password',
  PASSWORD_CHANGE_REQUIRED: 'Your password was reset by an administrator; change it before doing anything else',
  CURRENT_PASSWORD_WRONG: 'The current password is wrong',
  PASSWORD_UNCHANGED: 'The new password must differ from the current one',
  ORGANIZATION_OUTSIDE_JURISDICTION: 'The organization does not exist or lies outside the user’s jurisdiction',
  PLACEMENT_TARGET_INVALID: 'A placement target is not a unit this project may place people in, or lies outside the project’s jurisdiction',
  TRANSFER_NOT_AUTHORIZED: 'You may not apply this quota movement directly; file it as a matter',
  MATTER_STATE: 'The matter’s status does not allow this',
  MATTER_NOT_YOUR_TURN: 'This step is not yours: the filer and earlier deciders cannot decide it again, and it belongs to the level that approves it',
  MATTER_INVALID: 'The matter is incomplete or invalid',
  MATTER_REQUIRED: 'This change needs an approved matter: file it, and the platform applies it once approved',
  VIOLATION_STATE: 'The violation’s status does not allow this',
  EVIDENCE_INVALID: 'Invalid evidence file: empty, larger than 10 MB or of a type not allowed',
  EVALUATION_STATE: 'The evaluation is not in a state that allows this',
  ASSESSMENT_STATE: 'The year’s assessment is not in a state that allows this',
  NOTICE_STATE: 'The supervision notice’s status does not allow this',
  SUBSCRIPTION_URL_REFUSED: 'The receiving address is refused: it must be http or https and must not point at this machine or an internal network',
  SIGNED_HEAD_INVALID: 'The signed head file is invalid: the signature does not match or the content was changed',
  REFORM_STAGE: 'The reform project is not at a stage that allows this',
  REFORM_DEADLINE_PASSED: 'The deadline for this decision has passed',
  REFORM_IRREVERSIBLE: 'The unit changes have taken effect; the project can no longer be cancelled',
  PLACEMENT_INCOMPLETE: 'Some people are not placed yet',
  DEPENDENCY_UNAVAILABLE: 'A service this depends on is unavailable; try again shortly',
  RATE_LIMITED: 'Too many requests; try again later',
  INTERNAL: 'Internal error; try again or contact the administrator',
  REGISTRATION_STATE: 'The unit’s legal-person registration does not allow this registration now',
  REGISTRATION_INVALID: 'The registered particulars are not valid',
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
  /** A message more specific than the code's own (which rule, which row), in both languages. */
  readonly localized: Record<Locale, string> | undefined;

  constructor(code: DomainErrorCode, message?: string, detail?: Record<string, unknown>, localized?: Record<Locale, string>) {
    super(message ?? code);
    this.name = 'DomainError';
    this.code = code;
    this.detail = detail;
    this.localized = localized;
  }
}

/** A message in both languages, for DomainError's `localized` and import problems. */
export const bilingual = (zh: string, en: string): Record<Locale, string> => ({ 'zh-CN': zh, en });

/** The text a user sees for a domain error: its specific message if it has one, else the code's. */
export function userMessage(error: Pick<DomainError, 'code' | 'localized'>, locale: Locale): string {
  return error.localized?.[locale] ?? domainMessage(error.code, locale);
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError || (typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'DomainError' && typeof (value as { code?: unknown }).code === 'string' && (value as { code: string }).code in domainErrorCodes);
}

/** A refusal as data: its code, text in both languages and broken rules, for a service to relay as it was. */
export interface RelayedRefusal {
  code: DomainErrorCode;
  message: string;
  detail: Record<string, unknown> | null;
  localized: Record<Locale, string> | null;
}

/** The refusal a domain error carries, or null for anything else (which the caller rethrows). */
export function refusalOf(error: unknown): RelayedRefusal | null {
  return error instanceof DomainError ? { code: error.code, message: error.message, detail: error.detail ?? null, localized: error.localized ?? null } : null;
}

/** What a failed check answers: the refusal it carries, or (anything else) the error thrown again. */
export function refusalOrThrow(error: unknown): RelayedRefusal {
  const refusal = refusalOf(error);
  if (!refusal) throw error;
  return refusal;
}

/** A relayed refusal thrown again where it is answered, as it was. */
export function refusalError(refusal: RelayedRefusal): DomainError {
  return new DomainError(refusal.code, refusal.message, refusal.detail ?? undefined, refusal.localized ?? undefined);
}
