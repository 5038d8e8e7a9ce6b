import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { requestHash, type LedgerTransfer } from './transfer.service.js';

/** How request hashes were computed when the stored ones were written. */
const storedForm = (input: LedgerTransfer) => createHash('sha256').update(JSON.stringify(input, Object.keys(input).sort())).digest('base64url');

describe('request hashes', () => {
  const transfers: LedgerTransfer[] = [
    { kind: 'single', id: randomUUID(), debitAccountId: randomUUID(), creditAccountId: randomUUID(), amount: 3, code: 'allocate' },
    { kind: 'pending', id: randomUUID(), debitAccountId: randomUUID(), creditAccountId: randomUUID(), amount: 2, code: 'reserve', timeoutAt: new Date('2027-01-01T00:00:00Z'), documentNumber: '示编〔2026〕1号', effectiveDate: '2026-12-03' },
    { kind: 'post', id: randomUUID(), pendingId: randomUUID(), code: 'post', amount: 1, approvalRef: '批-1' },
    { kind: 'void', id: randomUUID(), pendingId: randomUUID(), code: 'void' },
  ];
  it.each(transfers)('match the stored form for a $kind transfer, so retries of transfers stored earlier still match', (transfer) => {
    expect(requestHash(transfer)).toBe(storedForm(transfer));
    expect(requestHash({ ...transfer, id: randomUUID() })).not.toBe(requestHash(transfer));
  });
});
