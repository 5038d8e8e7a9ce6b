import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { poolKinds, type QuotaType } from '@bianzhi/contracts/ledger';
import { copyRows, type CopyValue } from './copy.js';
import { syntheticPeople } from './people.js';

/**
 * Quotas and people for benchmark-scale data sets, written with COPY in the caller's transaction
 * and consistent with what the ledger's own commands would have written (LEDGER.md): for every
 * jurisdiction and quota type its pools and an approved total (external → unallocated); for every
 * unit and type an allocation (unallocated → vacant) and one inventory entry for the people it
 * holds (vacant → occupied); one entry row per account and transfer with gapless versions and
 * the balances after it; each person (`people.ts`) with an open slot.
 */
export interface PopulationUnit {
  id: string;
  jurisdictionId: string;
  divisionCode: string;
  kind: string;
}

export interface PopulationReport {
  accounts: number;
  transfers: number;
  people: number;
}

const actor = JSON.stringify({ kind: 'system', id: 'population-loader' });

type Balances = { dp: number; cp: number; version: number };
type Entry = [account: string, version: number, transfer: string, date: string, dDebits: number, dCredits: number, debits: number, credits: number];

/**
 * `peoplePerUnit` is the mean; unit sizes vary with the unit's id. Each unit is funded to hold
 * its people plus about a tenth vacant, and each jurisdiction keeps a twentieth unallocated.
 */
export async function copyPopulation(client: pg.ClientBase, units: PopulationUnit[], options: { peoplePerUnit: number; today?: Date }): Promise<PopulationReport> {
  const today = options.today ?? new Date();
  const accounts: CopyValue[][] = [];
  const balances = new Map<string, Balances>();
  const transfers: CopyValue[][] = [];
  const entries: Entry[] = [];
  const open = (ledger: QuotaType, holderKind: string, holderId: string, jurisdictionId: string, kind: string) => {
    const id = randomUUID();
    accounts.push([id, ledger, holderKind, holderId, jurisdictionId, kind, kind !== 'external' && kind !== 'occupied']);
    balances.set(id, { dp: 0, cp: 0, version: 0 });
    return id;
  };
  const transfer = (ledger: QuotaType, code: string, debit: string, credit: string, amount: number, date: string) => {
    const id = randomUUID();
    transfers.push([id, ledger, 'single', code, debit, credit, amount, date, actor, 'bulk-load']);
    for (const [account, side] of [[debit, 'debit'], [credit, 'credit']] as const) {
      const b = balances.get(account)!;
      b.version += 1;
      if (side === 'debit') b.dp += amount;
      else b.cp += amount;
      entries.push([account, b.version, id, date, side === 'debit' ? amount : 0, side === 'credit' ? amount : 0, b.dp, b.cp]);
    }
    return id;
  };

  // Sizes first, so each jurisdiction's approved total precedes its allocations.
  const planned = units.flatMap((unit) => {
    const n = parseInt(unit.id.slice(0, 6), 16);
    const types: QuotaType[] = unit.kind === 'organ' ? ['administrative', 'organ_worker'] : ['institution'];
    return types.map((ledger) => {
      const mean = ledger === 'organ_worker' ? Math.max(1, Math.round(options.peoplePerUnit / 15)) : options.peoplePerUnit;
      const people = Math.max(0, Math.round(mean * (0.5 + (n % 1000) / 1000)));
      return { unit, ledger, people, quota: people + Math.ceil(people / 10) + 1 };
    });
  });
  const byPool = new Map<string, typeof planned>();
  for (const p of planned) byPool.set(`${p.unit.jurisdictionId}|${p.ledger}`, [...(byPool.get(`${p.unit.jurisdictionId}|${p.ledger}`) ?? []), p]);

  const slotsOf: { unit: PopulationUnit; ledger: QuotaType; people: number; vacant: string; occupied: string; entry: string }[] = [];
  for (const [key, members] of byPool) {
    const [jurisdictionId, ledger] = key.split('|') as [string, QuotaType];
    const pool = Object.fromEntries(poolKinds.map((kind) => [kind, open(ledger, 'pool', jurisdictionId, jurisdictionId, kind)])) as Record<(typeof poolKinds)[number], string>;
    const total = members.reduce((sum, m) => sum + m.quota, 0);
    transfer(ledger, 'approve_total', pool.external, pool.unallocated, total + Math.ceil(total / 20), '2024-01-02');
    for (const m of members) {
      const vacant = open(ledger, 'organization', m.unit.id, jurisdictionId, 'vacant');
      const occupied = open(ledger, 'organization', m.unit.id, jurisdictionId, 'occupied');
      transfer(ledger, 'allocate', pool.unallocated, vacant, m.quota, '2024-01-15');
      if (m.people > 0) slotsOf.push({ unit: m.unit, ledger, people: m.people, vacant, occupied, entry: transfer(ledger, 'enter', vacant, occupied, m.people, '2024-02-01') });
    }
  }

  await copyRows(client, 'ledger.accounts', ['id', 'ledger', 'holder_kind', 'holder_id', 'jurisdiction_id', 'kind', 'debits_must_not_exceed_credits'], accounts);
  await copyRows(client, 'ledger.transfers', ['id', 'ledger', 'kind', 'code', 'debit_account_id', 'credit_account_id', 'amount', 'effective_date', 'actor', 'request_hash'], transfers);
  await copyRows(
    client,
    'ledger.entries',
    ['account_id', 'version', 'transfer_id', 'effective_date', 'd_debits_pending', 'd_debits_posted', 'd_credits_pending', 'd_credits_posted', 'debits_pending', 'debits_posted', 'credits_pending', 'credits_posted'],
    entries.map(([account, version, id, date, dDebits, dCredits, debits, credits]) => [account, version, id, date, 0, dDebits, 0, dCredits, 0, debits, 0, credits]),
  );
  // Balances and versions as the entries left them (COPY cannot update; one statement from a temporary table).
  await client.query('create temporary table loaded_balances (id uuid primary key, debits_posted bigint, credits_posted bigint, version integer) on commit drop');
  await copyRows(client, 'loaded_balances', ['id', 'debits_posted', 'credits_posted', 'version'], [...balances].map(([id, b]) => [id, b.dp, b.cp, b.version]));
  await client.query('update ledger.accounts a set debits_posted = b.debits_posted, credits_posted = b.credits_posted, version = b.version from loaded_balances b where a.id = b.id');

  // People: one per place taken, with the unit's division code in the ID number.
  const nextPerson = syntheticPeople(today);
  const persons: CopyValue[][] = [];
  const slots: CopyValue[][] = [];
  let people = 0;
  const flush = async () => {
    await copyRows(client, 'ledger.persons', ['id', 'id_number', 'name', 'sex', 'birth_date', 'education', 'post_category', 'retires_on'], persons);
    await copyRows(client, 'ledger.slots', ['person_id', 'organization_id', 'jurisdiction_id', 'ledger', 'occupied_account_id', 'vacant_account_id', 'entry_kind', 'entry_transfer_id', 'entered_on', 'imported'], slots);
    persons.length = 0;
    slots.length = 0;
  };
  for (const s of slotsOf) {
    for (let i = 0; i < s.people; i++) {
      const p = nextPerson(s.unit.divisionCode, s.ledger);
      const id = randomUUID();
      persons.push([id, p.idNumber, p.name, p.sex, p.birthDate, p.education, p.postCategory, p.retiresOn]);
      slots.push([id, s.unit.id, s.unit.jurisdictionId, s.ledger, s.occupied, s.vacant, p.entryKind, s.entry, p.enteredOn, true]);
      people += 1;
    }
    if (persons.length >= 50_000) await flush();
  }
  await flush();
  return { accounts: accounts.length, transfers: transfers.length, people };
}
