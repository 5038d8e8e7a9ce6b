import { sql } from 'kysely';
import type { CloudEvent, LinkageEventType } from '@bianzhi/contracts/linkage';
import type { AuditTx } from '../db.js';

/**
 * Which log entries become events for other systems, and what they carry (docs/integration.md,
 * "Event catalogue"). Data is the least a receiver needs: ids, days, quota types and document
 * numbers; a person only by the ledger's opaque id and, on entry, the masked ID number — no name.
 */
export interface LogEntry {
  seq: number;
  event_id: string;
  source: string;
  event_type: string;
  aggregate_id: string;
  jurisdiction_id: string | null;
  payload: Record<string, unknown> | null;
  occurred_at: Date;
}

export interface MappedEvent {
  event: CloudEvent;
  /** The jurisdictions whose subscriptions receive it (a transfer between districts: both). */
  jurisdictionIds: string[];
}

/** Ledger transfer codes that change a unit's approved quota (核定、核增、核减收回、划转、下放、精简). */
const quotaCodes = new Set(['allocate', 'increase', 'recover', 'transfer', 'delegate', 'cut']);

/** Only these entries are read with their payload; every other entry just moves the cursor. */
export const mappedLogTypes = [
  'ledger.person.entered',
  'ledger.person.exited',
  'ledger.person.transferred_with_quota',
  'ledger.accounts.opened',
  'registry.organization.created',
  'registry.organization.merged',
  'registry.organization.abolished',
  'registry.organization.renamed',
  'approval.matter.approved',
  'approval.matter.rejected',
];
export const isMappedLogType = (type: string) => mappedLogTypes.includes(type) || type.startsWith('ledger.transfer.');

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function cloudEvent(entry: LogEntry, type: LinkageEventType, subject: string, data: Record<string, unknown>, idSuffix = ''): CloudEvent {
  return {
    specversion: '1.0',
    id: `${entry.event_id}${idSuffix}`,
    source: `/bianzhi/${entry.source}`,
    type,
    subject,
    time: entry.occurred_at.toISOString(),
    datacontenttype: 'application/json',
    sequence: String(entry.seq),
    data,
  };
}

type Transfer = { code?: string; ledger?: string; amount?: number; debitAccountId?: string; creditAccountId?: string; documentNumber?: string | null; effectiveDate?: string };

/** The transfers an entry lists: a single transfer's, or a batch's (with what they share). */
function transfersOf(entry: LogEntry): Transfer[] {
  const payload = entry.payload ?? {};
  if (entry.event_type === 'ledger.transfer.batch') {
    const common = (payload.common ?? {}) as Transfer;
    return ((payload.transfers ?? []) as Transfer[]).map((t) => ({ ...common, ...t }));
  }
  const single = payload.transfer as Transfer | undefined;
  return single ? [{ ...single, documentNumber: str(payload.documentNumber), effectiveDate: str(payload.effectiveDate) ?? undefined }] : [];
}

/** quota.changed: per unit whose accounts a quota transfer moved, the change per quota type and code. */
/** The ledger accounts a page of entries moves quota on, so that the page needs one lookup. */
export function quotaAccountsOf(entries: LogEntry[]): string[] {
  const ids = entries.filter((e) => e.event_type.startsWith('ledger.transfer.')).flatMap((e) => transfersOf(e).filter((t) => t.code && quotaCodes.has(t.code)).flatMap((t) => [t.debitAccountId, t.creditAccountId]));
  return [...new Set(ids.filter((id): id is string => !!id))];
}

/** Which unit holds each account, read once per page and taught by the page's own account openings. */
export type AccountHolders = Map<string, string>;

export async function accountHolders(trx: AuditTx, accountIds: string[]): Promise<AccountHolders> {
  if (accountIds.length === 0) return new Map();
  const rows = await trx.selectFrom('audit.event_accounts').select(['account_id', 'organization_id']).where('account_id', '=', (eb) => eb.fn.any(eb.val(accountIds))).execute();
  return new Map(rows.map((a) => [a.account_id, a.organization_id]));
}

function quotaEvents(entry: LogEntry, holder: AccountHolders): MappedEvent[] {
  const transfers = transfersOf(entry).filter((t) => t.code && quotaCodes.has(t.code) && t.amount);
  if (transfers.length === 0) return [];
  const perUnit = new Map<string, Map<string, { quotaType: string; code: string; delta: number }>>();
  const add = (organizationId: string | undefined, t: Transfer, delta: number) => {
    if (!organizationId) return;
    const changes = perUnit.get(organizationId) ?? new Map();
    const key = `${t.ledger}/${t.code}`;
    const change = changes.get(key) ?? { quotaType: t.ledger ?? '', code: t.code ?? '', delta: 0 };
    change.delta += delta;
    changes.set(key, change);
    perUnit.set(organizationId, changes);
  };
  for (const t of transfers) {
    const from = t.debitAccountId ? holder.get(t.debitAccountId) : undefined;
    const to = t.creditAccountId ? holder.get(t.creditAccountId) : undefined;
    if (from === to) continue;
    add(from, t, -t.amount!);
    add(to, t, t.amount!);
  }
  const first = transfers[0]!;
  return [...perUnit].map(([organizationId, changes]) => ({
    event: cloudEvent(entry, 'cn.gov.bianzhi.quota.changed', `organization/${organizationId}`, {
      organizationId,
      changes: [...changes.values()].filter((c) => c.delta !== 0),
      documentNumber: first.documentNumber ?? null,
      effectiveDate: first.effectiveDate ?? null,
    }, perUnit.size > 1 || entry.event_type === 'ledger.transfer.batch' ? `/${organizationId}` : ''),
    jurisdictionIds: entry.jurisdiction_id ? [entry.jurisdiction_id] : [],
  })).filter((m) => (m.event.data.changes as unknown[]).length > 0);
}

async function matterEvent(trx: AuditTx, entry: LogEntry): Promise<MappedEvent[]> {
  const filed = await trx
    .selectFrom('audit.events')
    .select(sql<string | null>`payload->>'kind'`.as('kind'))
    .where('aggregate_type', '=', 'matter')
    .where('aggregate_id', '=', entry.aggregate_id)
    .where('event_type', '=', 'approval.matter.filed')
    .executeTakeFirst();
  const payload = entry.payload ?? {};
  return [
    {
      event: cloudEvent(entry, 'cn.gov.bianzhi.matter.decided', `matter/${entry.aggregate_id}`, {
        matterId: entry.aggregate_id,
        kind: filed?.kind ?? null,
        decision: entry.event_type === 'approval.matter.approved' ? 'approved' : 'rejected',
        documentNumber: str(payload.documentNumber),
        decidedAt: entry.occurred_at.toISOString(),
      }),
      jurisdictionIds: entry.jurisdiction_id ? [entry.jurisdiction_id] : [],
    },
  ];
}

function unitEvent(entry: LogEntry, type: LinkageEventType, extra: (payload: Record<string, unknown>, after: Record<string, unknown>) => Record<string, unknown>): MappedEvent[] {
  const payload = entry.payload ?? {};
  const after = (payload.after ?? {}) as Record<string, unknown>;
  return [
    {
      event: cloudEvent(entry, type, `organization/${entry.aggregate_id}`, {
        organizationId: entry.aggregate_id,
        jurisdictionId: entry.jurisdiction_id,
        ...extra(payload, after),
        documentNumber: str(payload.documentNumber),
        effectiveDate: str(payload.effectiveDate),
      }),
      jurisdictionIds: entry.jurisdiction_id ? [entry.jurisdiction_id] : [],
    },
  ];
}

/**
 * The events of one log entry (none for most). Account openings are not events: they teach the
 * mapper which unit holds which ledger account, so that a quota transfer names its unit.
 */
export async function eventsOf(trx: AuditTx, entry: LogEntry, holders: AccountHolders): Promise<MappedEvent[]> {
  const payload = entry.payload ?? {};
  const own = (type: LinkageEventType, data: Record<string, unknown>, jurisdictionIds = entry.jurisdiction_id ? [entry.jurisdiction_id] : []): MappedEvent[] => [
    { event: cloudEvent(entry, type, `person/${entry.aggregate_id}`, { personId: entry.aggregate_id, ...data }), jurisdictionIds },
  ];
  switch (entry.event_type) {
    case 'ledger.accounts.opened': {
      const accounts = (payload.accounts ?? []) as { id: string; ledger: string; kind: string }[];
      if (accounts.length > 0) {
        await trx
          .insertInto('audit.event_accounts')
          .values(accounts.map((a) => ({ account_id: a.id, organization_id: entry.aggregate_id, ledger: a.ledger, kind: a.kind })))
          .onConflict((oc) => oc.column('account_id').doNothing())
          .execute();
        for (const a of accounts) holders.set(a.id, entry.aggregate_id);
      }
      return [];
    }
    case 'ledger.person.entered':
      return own('cn.gov.bianzhi.roll.entry.posted', { organizationId: str(payload.organizationId), slotId: str(payload.slotId), entryKind: str(payload.entryKind), enteredOn: str(payload.enteredOn), idNumberMasked: str(payload.idNumber) });
    case 'ledger.person.exited':
      return own('cn.gov.bianzhi.roll.exit.posted', { organizationId: str(payload.organizationId), slotId: str(payload.slotId), exitKind: str(payload.exitKind), exitedOn: str(payload.exitedOn) });
    case 'ledger.person.transferred_with_quota':
      return own(
        'cn.gov.bianzhi.roll.transfer.posted',
        { fromOrganizationId: str(payload.fromOrganizationId), toOrganizationId: str(payload.toOrganizationId), fromSlotId: str(payload.fromSlotId), toSlotId: str(payload.toSlotId), quotaType: str(payload.ledger), movedOn: str(payload.movedOn) },
        [...new Set([entry.jurisdiction_id, str(payload.fromJurisdictionId)].filter((id): id is string => !!id))],
      );
    case 'registry.organization.created':
      return unitEvent(entry, 'cn.gov.bianzhi.unit.established', (_p, after) => ({ name: str(after.name), kind: str(after.kind), status: str(after.status), parentId: str(after.parentId) }));
    case 'registry.organization.merged':
      return unitEvent(entry, 'cn.gov.bianzhi.unit.merged', (p, after) => ({ name: str(after.name), mergedInto: str(p.mergedInto) }));
    case 'registry.organization.abolished':
      return unitEvent(entry, 'cn.gov.bianzhi.unit.abolished', (_p, after) => ({ name: str(after.name) }));
    case 'registry.organization.renamed':
      return unitEvent(entry, 'cn.gov.bianzhi.unit.renamed', (p, after) => ({ previousName: str((p.before as Record<string, unknown> | null)?.name), name: str(after.name) }));
    case 'approval.matter.approved':
    case 'approval.matter.rejected':
      return matterEvent(trx, entry);
    default:
      return entry.event_type.startsWith('ledger.transfer.') ? quotaEvents(entry, holders) : [];
  }
}
