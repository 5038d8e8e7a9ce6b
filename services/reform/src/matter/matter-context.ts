import type { AccountBalances } from '@bianzhi/contracts/ledger';
import { DomainError, bilingual, type DomainErrorCode } from '@bianzhi/domain/errors';
import { WorkingCalendar, defaultCalendarDays } from '@bianzhi/domain/working-days';
import { remoteDomainCode } from '@bianzhi/trpc/service-client';
import type { ReformDb } from '../db.js';
import type { LedgerClient, RegistryClient } from '../service-clients.js';
import * as repo from './matter.repository.js';
import type { Tree } from './matter-rules.js';

const trees = new WeakMap<RegistryClient, { at: number; tree: Promise<Tree> }>();
const TREE_MS = 5_000;

/**
 * The whole jurisdiction tree, as the reform service sees it (names and levels for routing and
 * display). Kept for a few seconds, since every filing, decision and read needs it; asked again at
 * once when it lacks a jurisdiction the caller names (a new one), so a stale copy never refuses.
 */
export async function jurisdictionTree(registry: RegistryClient, needed: readonly (string | null)[] = []): Promise<Tree> {
  const held = trees.get(registry);
  if (held && Date.now() - held.at < TREE_MS) {
    const tree = await held.tree.catch(() => null);
    if (tree && needed.every((id) => id === null || tree.has(id))) return tree;
  }
  const tree = registry.registry.jurisdiction.list.query({}).then((all) => new Map(all.map((j) => [j.id, { id: j.id, parentId: j.parentId, level: j.level as 'city' | 'district' | 'township', name: j.name }])));
  trees.set(registry, { at: Date.now(), tree });
  return tree;
}

export async function workingCalendar(db: ReformDb): Promise<WorkingCalendar> {
  return new WorkingCalendar([...defaultCalendarDays, ...(await repo.calendarOverrides(db))]);
}

/** The accounts a matter names, as the reform service reads them; an unknown one makes the matter invalid. */
export async function accountsById(ledger: LedgerClient, ids: string[]): Promise<Map<string, AccountBalances>> {
  const read = async (id: string): Promise<[string, AccountBalances]> => {
    try {
      return [id, await ledger.ledger.account.get.query({ id })];
    } catch (error) {
      if (remoteDomainCode(error) === 'NOT_FOUND') throw new DomainError('MATTER_INVALID', `account ${id} not found`, { accountId: id }, bilingual('事项中的编制账户不存在', 'An account named in the matter does not exist'));
      throw error;
    }
  };
  return new Map(await Promise.all([...new Set(ids)].map(read)));
}

/** A call to another service on the filer's behalf: its refusal reaches the filer as it was. */
export async function asCaller<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const code = remoteDomainCode(error);
    if (code) throw new DomainError(code as DomainErrorCode, (error as Error).message);
    throw error;
  }
}

/** A filing that asks for something that cannot be (MATTER_INVALID), in both languages. */
export const matterInvalid = (zh: string, en: string, detail?: Record<string, unknown>) => new DomainError('MATTER_INVALID', en, detail, bilingual(zh, en));
