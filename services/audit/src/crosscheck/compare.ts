import type { FindingKind } from '@bianzhi/contracts/audit';

/**
 * The comparison itself (交叉比对), with no I/O: payroll and cadre rows from other systems
 * against the roll and the leadership posts the ledger keeps.
 *
 * - paid_not_on_roll: paid, but the ID number holds no slot in the caller's jurisdictions and is no
 *   staff outside quota there either (吃空饷 lead): staff outside quota (编外人员) are publicly funded
 *   people the ledger knows, not ghosts;
 * - paid_elsewhere: paid by one unit while holding a slot in another (混岗 / 借调 lead);
 * - on_roll_not_paid: holds a slot in a unit the payroll pays, but the payroll does not pay them
 *   (units absent from the payroll are not finance-paid and are left out);
 * - beyond_posts: the cadre records appoint more people at a rank than the unit has posts.
 */
export type Rank = 'principal' | 'deputy' | 'dept_principal' | 'dept_deputy';

export interface PaidRow {
  row: number;
  idNumber: string;
  name: string;
  organizationId: string;
  amount: number | null;
}
export interface CadreRow {
  row: number;
  idNumber: string;
  name: string;
  organizationId: string;
  rank: Rank;
  title: string;
}
export interface RollHolder {
  idNumber: string;
  name: string;
  organizationId: string;
}
export interface PostCount {
  organizationId: string;
  rank: Rank;
  posts: number;
}
export interface Finding {
  kind: FindingKind;
  /** The unit the finding is about: the paying unit, the unit holding the slot, or the appointing unit. */
  organizationId: string;
  idNumber: string | null;
  name: string | null;
  detail: Record<string, unknown>;
}

export function compare(input: { payroll: PaidRow[]; roll: RollHolder[]; outsideQuota?: RollHolder[]; cadres?: CadreRow[]; posts?: PostCount[] }): Finding[] {
  const findings: Finding[] = [];
  // A slot on quota comes first; a person is never both (the ledger refuses it).
  const holderOf = new Map([...(input.outsideQuota ?? []), ...input.roll].map((holder) => [holder.idNumber, holder]));
  const paidUnits = new Set<string>();
  const paidIds = new Set<string>();
  for (const paid of input.payroll) {
    paidUnits.add(paid.organizationId);
    paidIds.add(paid.idNumber);
    const holder = holderOf.get(paid.idNumber);
    if (!holder) {
      findings.push({ kind: 'paid_not_on_roll', organizationId: paid.organizationId, idNumber: paid.idNumber, name: paid.name, detail: { row: paid.row, amount: paid.amount } });
    } else if (holder.organizationId !== paid.organizationId) {
      findings.push({ kind: 'paid_elsewhere', organizationId: paid.organizationId, idNumber: paid.idNumber, name: paid.name, detail: { row: paid.row, amount: paid.amount, rollOrganizationId: holder.organizationId } });
    }
  }
  for (const holder of input.roll) {
    if (paidUnits.has(holder.organizationId) && !paidIds.has(holder.idNumber)) {
      findings.push({ kind: 'on_roll_not_paid', organizationId: holder.organizationId, idNumber: holder.idNumber, name: holder.name, detail: {} });
    }
  }
  if (input.cadres) findings.push(...beyondPosts(input.cadres, input.posts ?? []));
  return findings;
}

function beyondPosts(cadres: CadreRow[], posts: PostCount[]): Finding[] {
  const postsOf = new Map(posts.map((p) => [`${p.organizationId}|${p.rank}`, p.posts]));
  const appointed = new Map<string, CadreRow[]>();
  for (const cadre of cadres) {
    const key = `${cadre.organizationId}|${cadre.rank}`;
    appointed.set(key, [...(appointed.get(key) ?? []), cadre]);
  }
  const findings: Finding[] = [];
  for (const [key, people] of appointed) {
    const allowed = postsOf.get(key) ?? 0;
    if (people.length <= allowed) continue;
    const [organizationId, rank] = key.split('|') as [string, Rank];
    findings.push({
      kind: 'beyond_posts',
      organizationId,
      idNumber: null,
      name: null,
      detail: { rank, posts: allowed, appointed: people.length, people: people.map((p) => ({ name: p.name, title: p.title, row: p.row })) },
    });
  }
  return findings;
}
