import type { DB } from '@bianzhi/db/generated/ledger';
import { runService } from '@bianzhi/trpc/run-service';
import { readLedgerEnv } from './env.js';
import { createLedgerRouter } from './router.js';

await runService<DB, ReturnType<typeof createLedgerRouter>>({ name: 'quota-ledger', schema: 'ledger', env: readLedgerEnv(), router: createLedgerRouter });
