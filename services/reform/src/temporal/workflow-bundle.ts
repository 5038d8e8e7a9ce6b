import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type BundleOptions } from '@temporalio/worker';

const here = path.dirname(fileURLToPath(import.meta.url));
export const workflowsPath = path.join(here, '..', 'workflows', 'index.ts');
export const prebuiltBundlePath = path.join(here, '..', '..', 'dist', 'workflow-bundle.js');

/** Our sources import `./x.js` that is really `./x.ts`; webpack needs to be told. */
export const bundlerOptions: BundleOptions['webpackConfigHook'] = (config) => {
  config.resolve = { ...config.resolve, extensionAlias: { '.js': ['.ts', '.js'] } };
  return config;
};

export async function buildWorkflowBundle(): Promise<{ code: string }> {
  return bundleWorkflowCode({ workflowsPath, webpackConfigHook: bundlerOptions, logger: undefined });
}

/** The bundle built by `pnpm build` when present (production), else built now (dev, tests). */
export async function loadWorkflowBundle(): Promise<{ codePath: string } | { code: string }> {
  const prebuilt = process.env.WORKFLOW_BUNDLE_PATH ?? prebuiltBundlePath;
  if (existsSync(prebuilt) && process.env.NODE_ENV === 'production') return { codePath: prebuilt };
  return buildWorkflowBundle();
}
