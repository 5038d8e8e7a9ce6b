import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { poolKinds, type QuotaType } from '@bianzhi/contracts/ledger';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';
import { retirementMonthStart } from '@bianzhi/domain/retirement';
import { copyRows, type CopyValue } from './copy.js';

/**
 * Quotas and people for benchmark-scale data sets, written with COPY in the caller's transaction
 * and consistent with what the ledger's own commands would have written (LEDGER.md): for every
 * jurisdiction and quota type its pools and an approved total (external → unallocated); for every
 * unit and type an allocation (unallocated → vacant) and one inventory entry for the people it
 * holds (vacant → occupied); one entry row per account and transfer with gapless versions and
 * the balances after it; each person with a GB 11643 ID number and an open slot.
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

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const given = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉萍红娟建文辉力宁海燕鹏飞慧颖晨阳雪梅琳倩浩宇凯欣怡';
const educations = ['研究生', '本科', '本科', '本科', '大专'];
const actor = JSON.stringify({ kind: 'system', id: 'population-loader' });
const DAY = 86_400_000;
const AGE_SPAN_DAYS = 38 * 365;

type Balances = { dp: number; cp: number; version: number };
type Entry = [account: string, version: number, transfer: string, date: string, dDebits: number, dCredits: number, debits: number, credits: number];

/**
 * `peoplePerUnit` is the mean; unit sizes vary with the unit's id. Each unit is funded to hold
 * its people plus about a tenth vacant, and each jurisdiction keeps a twentieth unallocated.
 */
export async function copyPopulation(client: pg.ClientBase, units: PopulationUnit[], options: { peoplePerUnit: number; today?: Date }): Promise<PopulationReport> {
  const today = options.today ?? new Date();
  const oldest = Date.UTC(today.getUTCFullYear() - 60, today.getUTCMonth(), 1);
  const thisMonth = `${today.toISOString().slice(0, 7)}-01`;
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

  // People: per division code a running number k gives a distinct (birth date, sequence) pair.
  const serials = new Map<string, number>();
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
      // The next running number whose person the 2025 schedule has not yet retired.
      let k = serials.get(s.unit.divisionCode) ?? 0;
      let birth: Date, birthDate: string, body: string, retiresOn: string;
      const postCategory = s.ledger === 'organ_worker' ? 'worker' : s.ledger === 'institution' && k % 4 !== 0 ? 'professional' : 'management';
      let male: boolean;
      do {
        male = k % 2 === 1;
        const half = Math.floor(k / 2);
        birth = new Date(oldest + (half % AGE_SPAN_DAYS) * DAY);
        const sequence = Math.floor(half / AGE_SPAN_DAYS) * 2 + (male ? 1 : 0);
        birthDate = birth.toISOString().slice(0, 10);
        body = `${s.unit.divisionCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
        retiresOn = retirementMonthStart({ birthDate, sex: male ? 'male' : 'female', postCategory });
        k += 1;
      } while (retiresOn <= thisMonth);
      serials.set(s.unit.divisionCode, k);
      const sex = male ? 'male' : 'female';
      const id = randomUUID();
      const name = surnames[k % surnames.length]! + given[(k * 7) % given.length]! + (k % 3 === 0 ? '' : given[(k * 13) % given.length]!);
      persons.push([id, body + idNumberCheckCharacter(body)!, name, sex, birthDate, educations[k % educations.length]!, postCategory, retiresOn]);
      const entered = Math.max(birth.getUTCFullYear() + 23, 1990);
      slots.push([id, s.unit.id, s.unit.jurisdictionId, s.ledger, s.occupied, s.vacant, k % 10 === 0 ? 'transfer_in' : 'exam', s.entry, `${Math.min(entered, 2023)}-0${1 + (k % 9)}-01`, true]);
      people += 1;
    }
    if (persons.length >= 50_000) await flush();
  }
  await flush();
  return { accounts: accounts.length, transfers: transfers.length, people };
}
