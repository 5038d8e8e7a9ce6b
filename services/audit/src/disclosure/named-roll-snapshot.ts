import { sql } from 'kysely';
import { quotaTypeLabels } from '@bianzhi/contracts/ledger';
import { postCategoryLabels, type PublicRollEntry } from '@bianzhi/contracts/named-roll';
import type { PublicUnitRecord } from '@bianzhi/contracts/registry';
import type { AuditDb, AuditTx } from '../db.js';

/**
 * 实名制公示 in a snapshot: the people of the published units whose jurisdiction has the switch on,
 * each stored as name, quota type and post category (labels) — the snapshot holds nothing else of a
 * person, so no copy or export of it can. The ledger leaves classified posts out; only units of the
 * registry's public records (classified units are not among them) are asked for.
 */
export type PublicRollSource = (organizationIds: string[]) => Promise<PublicRollEntry[]>;

export interface SnapshotNamedRoll {
  jurisdictionIds: string[];
  people: { organizationId: string; name: string; quotaType: string; postCategory: string }[];
}

export async function namedRollOf(db: AuditDb, source: PublicRollSource | undefined, records: PublicUnitRecord[]): Promise<SnapshotNamedRoll> {
  const enabled = (await db.selectFrom('audit.named_roll_settings').select('jurisdiction_id').where('enabled', '=', true).execute()).map((r) => r.jurisdiction_id);
  const on = new Set(enabled);
  const units = new Set(records.filter((r) => on.has(r.jurisdictionId)).map((r) => r.id));
  if (!source || units.size === 0) return { jurisdictionIds: enabled, people: [] };
  const entries = await source([...units]);
  return {
    jurisdictionIds: enabled,
    // Only the units asked for, whatever the source answers.
    people: entries.filter((e) => units.has(e.organizationId)).map((e) => ({ organizationId: e.organizationId, name: e.name, quotaType: quotaTypeLabels[e.ledger], postCategory: postCategoryLabels[e.postCategory] })),
  };
}

/**
 * Stores the new snapshot's named roll and drops every earlier one: only the site's current roll is kept,
 * so a person who left (or whose post became classified, or whose jurisdiction switched it off) is in
 * no copy once the next snapshot is published. The snapshots' impersonal records stay as they were.
 */
export async function storeNamedRoll(trx: AuditTx, snapshotId: string, roll: SnapshotNamedRoll): Promise<void> {
  await trx.deleteFrom('audit.disclosed_people').where('snapshot_id', '<>', snapshotId).execute();
  for (let start = 0; start < roll.people.length; start += 5_000) {
    const chunk = roll.people.slice(start, start + 5_000);
    await sql`
      insert into audit.disclosed_people (snapshot_id, organization_id, position, name, quota_type, post_category)
      select ${snapshotId}::uuid, p.organization_id, ${start}::int + p.ord::int, p.name, p.quota_type, p.post_category
      from unnest(${chunk.map((p) => p.organizationId)}::uuid[], ${chunk.map((p) => p.name)}::text[], ${chunk.map((p) => p.quotaType)}::text[], ${chunk.map((p) => p.postCategory)}::text[])
        with ordinality as p(organization_id, name, quota_type, post_category, ord)`.execute(trx);
  }
}
