import { describe, expect, it } from 'vitest';
import type { AccountDto } from '@bianzhi/contracts/ledger';
import { quotaRows } from './quota-tab.js';

const account = (kind: string, balance: number, pending = 0): AccountDto => ({ id: kind, ledger: 'administrative', holderKind: 'organization', holderId: 'u', jurisdictionId: 'j', kind, balance, pending });

describe('quota rows', () => {
  it('split quota into occupied, reserved and vacant', () => {
    expect(quotaRows([account('vacant', 10, 3), account('occupied', 25)])).toEqual([{ ledger: 'administrative', quota: 35, occupied: 25, reserved: 3, vacant: 7, vacantAccountId: 'vacant' }]);
  });
});
