import { packageTestConfig } from '../../vitest.shared.ts';

// Browser and API tests against the full stack that `npm test` starts (BIANZHI_E2E_URL).
export default packageTestConfig(import.meta.dirname + '/e2e', {
  include: ['e2e/**/*.e2e.test.ts'],
  fileParallelism: false,
  testTimeout: 60_000,
});
