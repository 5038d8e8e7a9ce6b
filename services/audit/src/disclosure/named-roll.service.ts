import { sql } from 'kysely';
import type { z } from 'zod';
import type { applyNamedRollInput, NamedRollPage, NamedRollSettingDto, PublishedPerson, PublishedPersonHit } from '@bianzhi/contracts/named-roll';
import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import type { AuditDb, AuditTx } from '../db.js';
import type { JurisdictionList } from '../assessment/assessment.service.js';
import { logSupervision } from '../evaluation/supervision-log.js';
import { csvOf } from '@bianzhi/sheets/csv';
import { latestSnapshot } from './disclosure.service.js';

/**
 * 实名制公示 (docs/audit.md "Named-roll publication"): the switch per jurisdiction (off unless an
 * approved matter turned it on; only the platform applies one), and the public reads of the named
 * roll of the latest snapshot — name, quota type and post category, nothing else.
 */

type SettingRow = { jurisdiction_id: string; enabled: boolean; matter_id: string; document_number: string | null; changed_at: Date };
const off = (jurisdictionId: string): NamedRollSettingDto => ({ jurisdictionId, enabled: false, matterId: null, documentNumber: null, changedAt: null });
const toSetting = (row: SettingRow): NamedRollSettingDto => ({ jurisdictionId: row.jurisdiction_id, enabled: row.enabled, matterId: row.matter_id, documentNumber: row.document_number, changedAt: row.changed_at });

/** The switch of each jurisdiction the caller may see, with its name and level (never another district's). */
export async function namedRollSettings(db: AuditDb, jurisdictions: JurisdictionList, principal: Principal): Promise<(NamedRollSettingDto & { name: string; level: string; parentId: string | null })[]> {
  const mine = await jurisdictions(principal);
  const ids = mine.map((j) => j.id);
  const rows = ids.length === 0 ? [] : await db.selectFrom('audit.named_roll_settings').selectAll().where(sql<boolean>`jurisdiction_id = any(${ids}::uuid[])`).execute();
  const byId = new Map(rows.map((r) => [r.jurisdiction_id, toSetting(r)]));
  // A parent out of the caller's reach is not named: the list is the caller's subtree, rooted at their own jurisdiction.
  return mine.map((j) => ({ ...(byId.get(j.id) ?? off(j.id)), name: j.name, level: j.level, parentId: j.parentId !== null && ids.includes(j.parentId) ? j.parentId : null }));
}

/** The switch now (system only: the matter engine, when a matter is filed). */
export async function namedRollForMatter(db: AuditDb | AuditTx, jurisdictionId: string): Promise<NamedRollSettingDto> {
  const row = await db.selectFrom('audit.named_roll_settings').selectAll().where('jurisdiction_id', '=', jurisdictionId).executeTakeFirst();
  return row ? toSetting(row) : off(jurisdictionId);
}

/**
 * The effect of an approved named_roll_publication matter (system only): the switch set as the matter
 * asked, with its approval's number, on the audit chain in the same transaction. A matter is applied
 * once: a retry finds its row and changes nothing.
 */
export async function applyNamedRoll(db: AuditDb, principal: Principal, input: z.infer<typeof applyNamedRollInput>, requestId?: string): Promise<NamedRollSettingDto> {
  return db.transaction().execute(async (trx) => {
    const first = await trx
      .insertInto('audit.named_roll_changes')
      .values({ matter_id: input.matterId, jurisdiction_id: input.jurisdictionId, enabled: input.enabled, document_number: input.documentNumber })
      .onConflict((oc) => oc.column('matter_id').doNothing())
      .returning('matter_id')
      .executeTakeFirst();
    if (!first) return namedRollForMatter(trx, input.jurisdictionId);
    const before = await namedRollForMatter(trx, input.jurisdictionId);
    const values = { enabled: input.enabled, matter_id: input.matterId, document_number: input.documentNumber, changed_at: new Date() };
    await trx
      .insertInto('audit.named_roll_settings')
      .values({ jurisdiction_id: input.jurisdictionId, ...values })
      .onConflict((oc) => oc.column('jurisdiction_id').doUpdateSet(values))
      .execute();
    await logSupervision(trx, principal, { type: input.enabled ? 'audit.namedRoll.enabled' : 'audit.namedRoll.disabled', aggregateType: 'named_roll', aggregateId: input.jurisdictionId, jurisdictionId: input.jurisdictionId, payload: { matterId: input.matterId, documentNumber: input.documentNumber, before: { enabled: before.enabled }, after: { enabled: input.enabled } } }, requestId);
    return namedRollForMatter(trx, input.jurisdictionId);
  });
}

const personColumns = ['p.name', 'p.quota_type', 'p.post_category'] as const;
const toPerson = (r: { name: string; quota_type: string; post_category: string }): PublishedPerson => ({ name: r.name, quotaType: r.quota_type, postCategory: r.post_category });
const likeAny = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/** A published unit's named roll, a page at a time; `published: false` where its jurisdiction has the switch off. */
export async function publishedNamedRoll(db: AuditDb, input: { organizationId: string; limit: number; offset: number }): Promise<NamedRollPage> {
  const snapshot = await latestSnapshot(db);
  const unit = snapshot
    ? await db
        .selectFrom('audit.disclosed_units as u')
        .innerJoin('audit.disclosure_snapshots as s', 's.id', 'u.snapshot_id')
        .select(sql<boolean>`u.jurisdiction_id = any(s.named_roll_jurisdiction_ids)`.as('published'))
        .where('u.snapshot_id', '=', snapshot)
        .where('u.organization_id', '=', input.organizationId)
        .executeTakeFirst()
    : undefined;
  if (!unit) throw new DomainError('NOT_FOUND', `no published unit ${input.organizationId}`);
  if (!unit.published) return { published: false, total: 0, items: [] };
  const query = db.selectFrom('audit.disclosed_people as p').where('p.snapshot_id', '=', snapshot!).where('p.organization_id', '=', input.organizationId);
  const { total } = await query.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await query.select(personColumns).orderBy('p.position').limit(input.limit).offset(input.offset).execute();
  return { published: true, total, items: rows.map(toPerson) };
}

/** Search of the latest snapshot's named roll by a person's name, optionally within units whose name matches or one jurisdiction. */
export async function searchNamedRoll(db: AuditDb, input: { name: string; unit?: string | undefined; jurisdictionId?: string | undefined; limit: number; offset: number }): Promise<{ total: number; items: PublishedPersonHit[] }> {
  const snapshot = await latestSnapshot(db);
  if (!snapshot) return { total: 0, items: [] };
  let query = db
    .selectFrom('audit.disclosed_people as p')
    .innerJoin('audit.disclosed_units as u', (join) => join.onRef('u.snapshot_id', '=', 'p.snapshot_id').onRef('u.organization_id', '=', 'p.organization_id'))
    .where('p.snapshot_id', '=', snapshot)
    .where('p.name', 'ilike', likeAny(input.name));
  if (input.unit) query = query.where('u.name', 'ilike', likeAny(input.unit));
  if (input.jurisdictionId) query = query.where('u.jurisdiction_id', '=', input.jurisdictionId);
  const { total } = await query.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await query.select([...personColumns, 'p.organization_id', 'u.name as unit_name', 'u.jurisdiction_name']).orderBy('p.name').orderBy('u.jurisdiction_name').orderBy('u.name').limit(input.limit).offset(input.offset).execute();
  return { total, items: rows.map((r) => ({ ...toPerson(r), organizationId: r.organization_id, unitName: r.unit_name, jurisdictionName: r.jurisdiction_name })) };
}

/** The latest snapshot's whole named roll as open data: JSON (one record per person) or CSV (UTF-8 with BOM). */
export async function namedRollOpenData(db: AuditDb, format: 'json' | 'csv'): Promise<{ filename: string; contentType: string; content: string }> {
  const snapshot = await latestSnapshot(db);
  const rows = snapshot
    ? await db
        .selectFrom('audit.disclosed_people as p')
        .innerJoin('audit.disclosed_units as u', (join) => join.onRef('u.snapshot_id', '=', 'p.snapshot_id').onRef('u.organization_id', '=', 'p.organization_id'))
        .select([...personColumns, 'u.name as unit_name', 'u.jurisdiction_name'])
        .where('p.snapshot_id', '=', snapshot)
        .orderBy('u.jurisdiction_name')
        .orderBy('u.name')
        .orderBy('p.position')
        .execute()
    : [];
  const people = rows.map((r) => ({ jurisdictionName: r.jurisdiction_name, unitName: r.unit_name, ...toPerson(r) }));
  if (format === 'json') return { filename: 'bianzhi-named-roll.json', contentType: 'application/json', content: JSON.stringify(people) };
  const cells = people.map((p) => [p.jurisdictionName, p.unitName, p.name, p.quotaType, p.postCategory]);
  return { filename: 'bianzhi-named-roll.csv', contentType: 'text/csv; charset=utf-8', content: csvOf(['所属区划', '单位名称', '姓名', '编制类型', '岗位类别'], cells) };
}
