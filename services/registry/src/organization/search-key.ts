import { pinyin } from 'pinyin-pro';

/** Pinyin initials of an organization name, lower case: 市教育局 → sjyj. */
export function nameInitials(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
}
