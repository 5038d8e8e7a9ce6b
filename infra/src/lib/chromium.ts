import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium'];

/** The system Chromium for browser tests (never a downloaded browser build). */
export function findChromium(): string | null {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) return existsSync(explicit) ? explicit : null;
  return candidates.find((path) => existsSync(path)) ?? null;
}

/** Whether Chinese fonts are installed for Chromium (screenshots, PDF reports): Debian's fonts-noto-cjk or any CJK font fontconfig knows. */
export function hasCjkFont(): boolean {
  if (['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc'].some((file) => existsSync(file))) return true;
  const listed = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return listed.status === 0 && listed.stdout.trim().length > 0;
}
