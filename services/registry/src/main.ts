import type { DB } from '@bianzhi/db/generated/registry';
import { runService } from '@bianzhi/trpc/run-service';
import { readRegistryEnv } from './env.js';
import { createRegistryRouter } from './router.js';

await runService<DB, ReturnType<typeof createRegistryRouter>>({ name: 'registry', schema: 'registry', env: readRegistryEnv(), router: createRegistryRouter });
