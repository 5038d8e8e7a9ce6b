// Build step: bundles the workflow code once so that production workers load it without webpack.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildWorkflowBundle, prebuiltBundlePath } from '../src/temporal/workflow-bundle.js';

const { code } = await buildWorkflowBundle();
mkdirSync(path.dirname(prebuiltBundlePath), { recursive: true });
writeFileSync(prebuiltBundlePath, code);
console.log(`workflow bundle written to ${path.relative(process.cwd(), prebuiltBundlePath)} (${(code.length / 1024).toFixed(0)} KiB)`);
