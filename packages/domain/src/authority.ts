import type { Role } from './access.js';
import { isAncestorOf, type JurisdictionLevel } from './jurisdiction.js';
import type { MatterKind } from './matters.js';

/**
 * Who decides what (DOMAIN.md, "Authority"): for every movement of quota, which channel it may
 * take, who may ask for it and which level decides. The ledger checks every `ledger.transfer.create`
 * against this table, the matter service routes every filed matter by it, and docs/authority.md
 * prints it. Quota enters or leaves the city only through the city bureau; inside the city it only
 * moves, and every move that changes what a unit or a lower jurisdiction holds is a decision taken
 * on a filed matter by someone other than the filer.
 */

/** Why quota moved (DOMAIN.md, "Transfers"); a transfer's code is one of these. */
export const transferCodes = [
  'approve_total', // 核定总额: from the external source (the level above) into the jurisdiction's pool
  'allocate', // 核定
  'increase', // 核增
  'recover', // 核减/收回
  'transfer', // 划转
  'delegate', // 下沉/下放
  'freeze',
  'unfreeze',
  'borrow', // 周转池借用
  'return', // 归还周转池
  'cut', // 精简
  'reserve', // 用编计划
  'enter', // 入编
  'exit', // 出编
  'post',
  'void',
  'expire',
] as const;
export type TransferCode = (typeof transferCodes)[number];

/** The bureau's words for each movement. */
export const transferCodeLabels: Record<TransferCode, string> = { approve_total: '核定总额', allocate: '核定', increase: '核增', recover: '核减收回', transfer: '划转', delegate: '下放', freeze: '冻结', unfreeze: '解冻', borrow: '借用周转编制', return: '归还周转编制', cut: '精简', reserve: '用编计划预留', enter: '入编', exit: '出编', post: '入编确认', void: '撤销预留', expire: '预留到期' };

/** Accounts of a unit (`vacant`, `occupied`) and of a jurisdiction (its pools). */
export const accountKinds = ['external', 'unallocated', 'turnover', 'reserve', 'frozen', 'vacant', 'occupied'] as const;
export type AccountKind = (typeof accountKinds)[number];
export const accountKindLabels: Record<AccountKind, { 'zh-CN': string; en: string }> = {
  external: { 'zh-CN': '上级核定来源', en: 'external source' },
  unallocated: { 'zh-CN': '未分配编制池', en: 'unallocated pool' },
  turnover: { 'zh-CN': '周转池', en: 'turnover pool' },
  reserve: { 'zh-CN': '储备编制池', en: 'reserve pool' },
  frozen: { 'zh-CN': '冻结账户', en: 'frozen account' },
  vacant: { 'zh-CN': '单位编制', en: 'unit quota' },
  occupied: { 'zh-CN': '单位在编', en: 'unit occupied' },
};

/** Where the credited account's jurisdiction stands to the debited one's. */
export const jurisdictionRelations = ['same', 'down', 'up', 'across'] as const;
export type JurisdictionRelation = (typeof jurisdictionRelations)[number];

/**
 * - `direct`: the requester does it themselves through `ledger.transfer.create` (a jurisdiction's
 *   own pools, which changes what no unit or lower jurisdiction holds);
 * - `matter`: only as the effect of an approved matter (the platform applies it, citing the matter);
 * - `command`: only inside the named command of the ledger (penalties, the roll, plans, reforms).
 */
export type MovementChannel = 'direct' | 'matter' | 'command';
export type MovementCommand = 'penalty' | 'lift' | 'roll' | 'plan' | 'reform';

export interface MovementRule {
  code: TransferCode;
  debit: AccountKind;
  credit: AccountKind;
  relations: readonly JurisdictionRelation[];
  channel: MovementChannel;
  /** direct: who may do it; matter: who may file it. */
  requesters: readonly Role[];
  /**
   * matter: which level decides. `upper`: the higher of the two jurisdictions (the same one for a
   * move inside a jurisdiction), unless the jurisdiction's routing takes the kind up to the city
   * (审批权上收); `city`: always the city bureau.
   */
  decidedAt: 'upper' | 'city' | null;
  /** Only on the city's own pools (the external source is the province's decision). */
  cityOnly: boolean;
  command: MovementCommand | null;
}

const bureaus: Role[] = ['city_admin', 'district_admin', 'township_admin'];

function rule(code: TransferCode, debit: AccountKind, credit: AccountKind, relations: readonly JurisdictionRelation[], channel: MovementChannel, extra: Partial<Pick<MovementRule, 'requesters' | 'decidedAt' | 'cityOnly' | 'command'>> = {}): MovementRule {
  return {
    code,
    debit,
    credit,
    relations,
    channel,
    requesters: extra.requesters ?? (channel === 'command' ? [] : bureaus),
    decidedAt: extra.decidedAt ?? (channel === 'matter' ? 'upper' : null),
    cityOnly: extra.cityOnly ?? false,
    command: extra.command ?? null,
  };
}

/** Every movement the bureau makes; anything else is refused to everyone. */
export const movementRules: readonly MovementRule[] = [
  // The city's total from the province, and quota returned to it: the city bureau alone, decided at city level.
  rule('approve_total', 'external', 'unallocated', ['same'], 'matter', { requesters: ['city_admin'], decidedAt: 'city', cityOnly: true }),
  rule('cut', 'unallocated', 'external', ['same'], 'matter', { requesters: ['city_admin'], decidedAt: 'city', cityOnly: true }),
  // A lower jurisdiction's quota comes from the level above and goes back to it; the upper level decides.
  rule('allocate', 'unallocated', 'unallocated', ['down'], 'matter', { requesters: ['city_admin', 'district_admin'] }),
  rule('delegate', 'unallocated', 'unallocated', ['down'], 'matter', { requesters: ['city_admin', 'district_admin'] }),
  rule('recover', 'unallocated', 'unallocated', ['up'], 'matter', { requesters: ['city_admin', 'district_admin'] }),
  // A unit's quota from its jurisdiction's pool (核定, 核增), or straight from the level above (下沉).
  rule('allocate', 'unallocated', 'vacant', ['same'], 'matter'),
  rule('increase', 'unallocated', 'vacant', ['same'], 'matter'),
  rule('delegate', 'unallocated', 'vacant', ['down'], 'matter', { requesters: ['city_admin', 'district_admin'] }),
  // Back from a unit (only vacant quota), cut, or moved between units.
  rule('recover', 'vacant', 'unallocated', ['same', 'up'], 'matter'),
  rule('cut', 'vacant', 'unallocated', ['same'], 'matter'),
  rule('transfer', 'vacant', 'vacant', ['same'], 'matter'),
  rule('transfer', 'vacant', 'vacant', ['across'], 'matter', { requesters: ['city_admin'], decidedAt: 'city' }),
  rule('delegate', 'vacant', 'vacant', ['down'], 'matter', { requesters: ['city_admin', 'district_admin'] }),
  rule('delegate', 'vacant', 'unallocated', ['down'], 'matter', { requesters: ['city_admin', 'district_admin'] }),
  // A jurisdiction's own pools: set aside a reserve or a turnover pool, and take it back.
  rule('transfer', 'unallocated', 'reserve', ['same'], 'direct'),
  rule('transfer', 'reserve', 'unallocated', ['same'], 'direct'),
  rule('transfer', 'unallocated', 'turnover', ['same'], 'direct'),
  rule('transfer', 'turnover', 'unallocated', ['same'], 'direct'),
  // Commands of the ledger, never a free-standing transfer.
  rule('freeze', 'vacant', 'frozen', ['same'], 'command', { command: 'penalty' }),
  rule('unfreeze', 'frozen', 'vacant', ['same'], 'command', { command: 'lift' }),
  rule('reserve', 'vacant', 'occupied', ['same'], 'command', { command: 'plan' }),
  rule('enter', 'vacant', 'occupied', ['same'], 'command', { command: 'roll' }),
  rule('exit', 'occupied', 'vacant', ['same'], 'command', { command: 'roll' }),
  rule('borrow', 'turnover', 'vacant', ['same'], 'command', { command: 'plan' }),
  rule('return', 'vacant', 'turnover', ['same'], 'command', { command: 'roll' }),
  rule('transfer', 'occupied', 'occupied', ['same', 'down', 'across'], 'command', { command: 'reform' }),
];

export interface Movement {
  code: string;
  debit: string;
  credit: string;
  relation: JurisdictionRelation;
  /** Level of the debited account's jurisdiction (for `cityOnly`). */
  debitLevel: JurisdictionLevel;
}

/** A jurisdiction tree as the authority rules read it: each id's parent and level. */
export type JurisdictionTree = Map<string, { parentId: string | null; level: string }>;

/** Where `credit` stands to `debit` in the jurisdiction tree. */
export function relationOf(tree: JurisdictionTree, debit: string, credit: string): JurisdictionRelation {
  if (debit === credit) return 'same';
  if (isAncestorOf(tree, debit, credit)) return 'down';
  if (isAncestorOf(tree, credit, debit)) return 'up';
  return 'across';
}

export function findMovementRule(movement: Pick<Movement, 'code' | 'debit' | 'credit' | 'relation'>): MovementRule | undefined {
  return movementRules.find((r) => r.code === movement.code && r.debit === movement.debit && r.credit === movement.credit && r.relations.includes(movement.relation));
}

/** What a requester may do with a movement, and why not. */
export type MovementDecision =
  | { allowed: true; rule: MovementRule }
  | { allowed: false; reason: 'unknown_movement' | 'command_only' | 'matter_required' | 'role_not_allowed' | 'city_only' | 'own_jurisdiction_only' | 'approval_required'; rule: MovementRule | null };

/**
 * May `roles` apply this movement through `ledger.transfer.create`? A person only for `direct`
 * rows of their own jurisdiction; the platform (`system`) also for `matter` rows, citing the approved
 * matter (`approvalRef`); `command` rows never through a free-standing transfer.
 */
export function mayTransferDirectly(roles: readonly Role[], movement: Movement, context: { ownJurisdiction: boolean; approvalRef: string | null }): MovementDecision {
  const found = findMovementRule(movement);
  if (!found) return { allowed: false, reason: 'unknown_movement', rule: null };
  if (found.cityOnly && movement.debitLevel !== 'city') return { allowed: false, reason: 'city_only', rule: found };
  if (found.channel === 'command') return { allowed: false, reason: 'command_only', rule: found };
  if (roles.includes('system')) {
    if (found.channel === 'matter' && !context.approvalRef) return { allowed: false, reason: 'approval_required', rule: found };
    return { allowed: true, rule: found };
  }
  if (found.channel === 'matter') return { allowed: false, reason: 'matter_required', rule: found };
  if (!roles.some((r) => found.requesters.includes(r))) return { allowed: false, reason: 'role_not_allowed', rule: found };
  if (!context.ownJurisdiction) return { allowed: false, reason: 'own_jurisdiction_only', rule: found };
  return { allowed: true, rule: found };
}

/** May `roles` file a matter asking for this movement, and which rule governs it. */
export function mayFileMovement(roles: readonly Role[], movement: Movement): MovementDecision {
  const found = findMovementRule(movement);
  if (!found) return { allowed: false, reason: 'unknown_movement', rule: null };
  if (found.cityOnly && movement.debitLevel !== 'city') return { allowed: false, reason: 'city_only', rule: found };
  if (found.channel === 'command') return { allowed: false, reason: 'command_only', rule: found };
  if (found.channel === 'direct') return { allowed: true, rule: found };
  if (!roles.some((r) => found.requesters.includes(r))) return { allowed: false, reason: 'role_not_allowed', rule: found };
  return { allowed: true, rule: found };
}

const reasonText: Record<Exclude<MovementDecision, { allowed: true }>['reason'], { 'zh-CN': string; en: string }> = {
  unknown_movement: { 'zh-CN': '不是编办办理的编制变动', en: 'is not a movement the bureau makes' },
  command_only: { 'zh-CN': '只能通过相应的业务办理（处罚与解除、实名制入出编、用编计划、改革项目），不能直接录入', en: 'happens only through its command (penalty and lift, the roll, plans, reforms), never as a free-standing transfer' },
  matter_required: { 'zh-CN': '须作为事项申报，经审批后由系统执行', en: 'must be filed as a matter and is applied once approved' },
  role_not_allowed: { 'zh-CN': '该角色无权办理', en: 'is not open to this role' },
  city_only: { 'zh-CN': '只能由市编办在本级编制池上办理', en: 'only the city bureau, on the city’s own pools' },
  own_jurisdiction_only: { 'zh-CN': '只能由本级编办在本级编制池上办理', en: 'only on the pools of the requester’s own jurisdiction' },
  approval_required: { 'zh-CN': '须引用已批准的事项', en: 'must cite the approved matter' },
};

const roleLabels: Record<Role, { 'zh-CN': string; en: string }> = {
  city_admin: { 'zh-CN': '市编办', en: 'city bureau' },
  district_admin: { 'zh-CN': '区县编办', en: 'district bureau' },
  township_admin: { 'zh-CN': '乡镇（街道）', en: 'township' },
  department_user: { 'zh-CN': '部门用户', en: 'department user' },
  reform_manager: { 'zh-CN': '改革项目负责人', en: 'reform manager' },
  inspector: { 'zh-CN': '督查', en: 'inspector' },
  auditor: { 'zh-CN': '审计', en: 'auditor' },
  service: { 'zh-CN': '外部系统', en: 'external system' },
  system: { 'zh-CN': '平台服务', en: 'platform service' },
};

/** "核定总额（上级核定来源 → 未分配编制池）" */
export function movementLabel(movement: Pick<Movement, 'code' | 'debit' | 'credit'>, locale: 'zh-CN' | 'en'): string {
  const kind = (k: string) => accountKindLabels[k as AccountKind]?.[locale] ?? k;
  const code = locale === 'zh-CN' ? (transferCodeLabels[movement.code as TransferCode] ?? movement.code) : movement.code;
  return locale === 'zh-CN' ? `${code}（${kind(movement.debit)} → ${kind(movement.credit)}）` : `${code} (${kind(movement.debit)} → ${kind(movement.credit)})`;
}

/** The refusal a user reads: the movement, the role, and what to do instead. */
export function movementRefusal(roles: readonly Role[], movement: Pick<Movement, 'code' | 'debit' | 'credit'>, decision: Exclude<MovementDecision, { allowed: true }>, asked: 'apply' | 'file' = 'apply'): { 'zh-CN': string; en: string } {
  const role = roles[0] ? roleLabels[roles[0]] : { 'zh-CN': '调用方', en: 'caller' };
  const verb = asked === 'apply' ? { 'zh-CN': '不能直接办理', en: 'cannot apply' } : { 'zh-CN': '不能申报', en: 'cannot file' };
  return {
    'zh-CN': `${role['zh-CN']}${verb['zh-CN']}${movementLabel(movement, 'zh-CN')}：${reasonText[decision.reason]['zh-CN']}`,
    en: `A ${role.en} ${verb.en} ${movementLabel(movement, 'en')}${asked === 'apply' ? ' directly' : ''}: it ${reasonText[decision.reason].en}`,
  };
}

export const roleLevel: Partial<Record<Role, JurisdictionLevel>> = { city_admin: 'city', district_admin: 'district', township_admin: 'township' };

/**
 * The commands that change an establishment, leadership posts or an appointment, a plan, or move a
 * person with their quota — the other half of the table. `matter`: only the platform applies it, as
 * the effect of an approved matter of `kind` (a person is refused with MATTER_REQUIRED or by the
 * permission, which is `system` alone); `reform`: only an approved reform project applies it;
 * `direct`: the bureau does it itself (it changes no quota and no establishment).
 */
export type CommandChannel = 'direct' | 'matter' | 'reform';
export interface CommandRule {
  command: string;
  label: { 'zh-CN': string; en: string };
  channel: CommandChannel;
  /** The matter kind that carries it (channel `matter`). */
  kind?: MatterKind;
  /** The permission of a command whose whole procedure is the platform's (checked against access.ts). */
  permission?: string;
}

const command = <C extends string>(command: C, zh: string, en: string, channel: CommandChannel, extra: Pick<CommandRule, 'kind' | 'permission'> = {}): CommandRule & { command: C } => ({ command, label: { 'zh-CN': zh, en }, channel, ...extra });

export const commandRules = [
  command('registry.organization.create', '机构设立', 'Establishing a unit', 'matter', { kind: 'organization_change' }),
  command('registry.organization.abolish', '机构撤销', 'Abolishing a unit', 'matter', { kind: 'organization_change' }),
  command('registry.organization.convert', '转企改制', 'Converting a unit to an enterprise', 'matter', { kind: 'organization_change' }),
  command('registry.organization.merge', '机构合并', 'Merging units', 'matter', { kind: 'organization_change' }),
  command('registry.organization.rename', '机构更名', 'Renaming a unit', 'matter', { kind: 'organization_change' }),
  command('registry.organization.rerank', '机构规格调整', 'Changing a unit’s rank', 'matter', { kind: 'organization_change' }),
  command('registry.organization.delegate', '机构下放', 'Moving a unit down', 'reform'),
  command('ledger.leadership.setPosts', '领导职数核定', 'Setting leadership posts', 'matter', { kind: 'leadership_posts', permission: 'ledger.leadership.setPosts' }),
  command('ledger.leadership.appoint', '领导职务任职', 'Appointing to a leadership post', 'matter', { kind: 'leadership_appointment', permission: 'ledger.leadership.appoint' }),
  command('ledger.person.transferWithQuota', '带编调任', 'Moving a person with their quota', 'matter', { kind: 'person_transfer', permission: 'ledger.person.transferWithQuota' }),
  command('ledger.plan.approve', '用编计划审批', 'Approving a staffing-use plan', 'matter', { kind: 'staffing_plan', permission: 'ledger.plan.approve' }),
  command('ledger.target.record', '控编减编任务下达', 'Setting a quota reduction target', 'matter', { kind: 'reduction_target', permission: 'ledger.target.record' }),
  command('registry.charter.record', '事业单位章程核准', 'Approving a public institution’s charter', 'matter', { kind: 'charter_approval', permission: 'registry.charter.record' }),
  command('audit.namedRoll.applySetting', '实名制公示开启或关闭', 'Switching named-roll publication on or off', 'matter', { kind: 'named_roll_publication', permission: 'audit.namedRoll.apply' }),
  command('ledger.plan.reject', '退回用编计划', 'Turning a staffing-use plan down', 'direct'),
  command('ledger.leadership.remove', '免职', 'Removing an appointment', 'direct'),
  command('ledger.person.move', '调动（用调入单位计划名额）', 'Moving a person into a reserved place of the receiving unit', 'direct'),
] as const satisfies readonly CommandRule[];

export type RegistryCommand = Extract<(typeof commandRules)[number]['command'], `registry.${string}`>;

export function commandRule(name: (typeof commandRules)[number]['command']): CommandRule {
  return commandRules.find((r) => r.command === name)!;
}
