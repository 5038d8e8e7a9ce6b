import path from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * The vitest settings every package shares. When BIANZHI_TEST_REPORT_DIR is set (npm test), each
 * package also writes a JSON report there, which the test command sums into its closing line.
 */
export function packageTestConfig(packageDir: string, overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  const reportDir = process.env.BIANZHI_TEST_REPORT_DIR;
  const name = path.basename(path.dirname(packageDir)) + '-' + path.basename(packageDir);
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 120_000,
      reporters: reportDir ? ['default', 'json'] : ['default'],
      ...(reportDir ? { outputFile: { json: path.join(reportDir, `${name}.json`) } } : {}),
      ...overrides,
    },
  });
}
