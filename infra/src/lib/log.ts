const colors = { info: '\x1b[36m', ok: '\x1b[32m', warn: '\x1b[33m', error: '\x1b[31m' } as const;

export function say(message: string, level: keyof typeof colors = 'info'): void {
  const color = process.stdout.isTTY ? colors[level] : '';
  const reset = process.stdout.isTTY ? '\x1b[0m' : '';
  console.log(`${color}[bianzhi]${reset} ${message}`);
}
