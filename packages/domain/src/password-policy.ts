import { DomainError } from './errors.js';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

/**
 * Passwords that top every published breach list, plus the patterns Chinese users favour (dates,
 * keyboard walks, pinyin phrases, 520/1314 love numbers). Compared case-insensitively and with
 * trailing digits/punctuation stripped, so "Woaini1314!" is caught as well.
 */
const common = new Set(
  `123456 1234567 12345678 123456789 1234567890 0123456789 111111 1111111111 000000 0000000000 666666 888888 8888888888
   123123 123321 654321 987654321 147258369 159753 112233 123qwe qwe123 qweasd qweasdzxc 1qaz2wsx 1q2w3e4r 1q2w3e4r5t
   qwerty qwertyuiop asdfghjkl zxcvbnm asdf1234 zaq12wsx abc123 abcd1234 a123456 a12345678 aa123456 abc123456
   password passw0rd password1 p@ssw0rd admin admin123 admin888 administrator root toor letmein welcome welcome1
   iloveyou loveyou sunshine princess football baseball dragon monkey master shadow superman trustno1 starwars
   woaini woaini520 woaini1314 wo520 521521 5201314 1314520 1314521 woaiwojia aini1314 zhangwei wangwei liwei
   china zhongguo beijing shanghai huawei xiaomi taobao baidu tencent qq123456 qqqqqq wangyi
   bianzhi bianban changeme default secret test test123 guest user password123 qazwsxedc mima mima123`.split(/\s+/),
);

function normalize(password: string): string {
  return password.toLowerCase().replace(/[\d!@#$%^&*.?_-]+$/, '') || password.toLowerCase();
}

/** Refuses short, common or username-derived passwords; the caller maps nothing, the error says why. */
export function checkPasswordPolicy(password: string, username: string): void {
  const reasons: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) reasons.push('too short');
  if (password.length > MAX_PASSWORD_LENGTH) reasons.push('too long');
  const lowered = password.toLowerCase();
  if (common.has(lowered) || common.has(normalize(password)) || /^(.)\1+$/.test(password) || /^\d+$/.test(password)) reasons.push('common');
  if (username.length >= 3 && lowered.includes(username.toLowerCase())) reasons.push('contains username');
  if (reasons.length) throw new DomainError('PASSWORD_TOO_WEAK', `password refused: ${reasons.join(', ')}`, { reasons });
}
