import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { zhCN } from './zh-CN.js';
import { en } from './en.js';
import { matterDecisions, matterKinds, matterStates, matterStepKinds } from '@bianzhi/domain/matters';
import { accountKinds, transferCodes } from '@bianzhi/domain/authority';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [full] : [];
  });
}

function lookup(messages: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages);
}

// Every literal key the screens pass to t() must exist, as text, in both languages; a missing key
// would show users "organizations.export" instead of a label.
describe('translation keys', () => {
  const files = sourceFiles(path.join(import.meta.dirname, '..'));
  const keys = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) keys.add(match[1]!);
    for (const match of readFileSync(file, 'utf8').matchAll(/\blabel: '((?:nav|common)\.[\w.]+)'/g)) keys.add(match[1]!);
  }

  it('finds the keys the screens use', () => {
    expect(keys.size).toBeGreaterThan(50);
  });

  it('has every used key in zh-CN and in English', () => {
    const missing = [...keys].flatMap((key) => [
      ...(typeof lookup(zhCN, key) === 'string' ? [] : [`zh-CN: ${key}`]),
      ...(typeof lookup(en, key) === 'string' ? [] : [`en: ${key}`]),
    ]);
    expect(missing).toEqual([]);
  });
});

// Keys built from the domain's lists (a matter's kind, state, step; an account kind; a transfer code):
// a value added to a list needs its label in both languages.
describe('translation keys built from domain lists', () => {
  it('labels every matter kind, state, step and decision, account kind and transfer code', () => {
    const keys = [
      ...matterKinds.map((k) => `matters.kinds.${k}`),
      ...matterStates.map((k) => `matters.states.${k}`),
      ...matterStepKinds.map((k) => `matters.steps.${k}`),
      ...matterDecisions.map((k) => `matters.decisions.${k}`),
      ...accountKinds.map((k) => `quota.accountKinds.${k}`),
      ...transferCodes.map((k) => `quota.codes.${k}`),
    ];
    const missing = keys.flatMap((key) => [...(typeof lookup(zhCN, key) === 'string' ? [] : [`zh-CN: ${key}`]), ...(typeof lookup(en, key) === 'string' ? [] : [`en: ${key}`])]);
    expect(missing).toEqual([]);
  });
});
