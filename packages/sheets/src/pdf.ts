import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { DomainError } from '@bianzhi/domain/errors';

/**
 * Printing reports: HTML to an A4 PDF with the system Chromium (never a downloaded browser) and
 * the Noto CJK fonts (Debian fonts-noto-cjk). Shared by the services that print reports.
 */
function chromiumPath(): string {
  const candidates = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new DomainError('DEPENDENCY_UNAVAILABLE', 'no Chromium for PDF output', undefined, { 'zh-CN': 'PDF 导出需要服务器安装 Chromium，请改用 Excel 或联系管理员', en: 'PDF output needs Chromium on the server; use Excel or contact the administrator' });
  }
  return found;
}

/** Prints HTML to an A4 PDF with the system Chromium (headless, no network), with page numbers. */
export async function printPdf(html: string): Promise<Buffer> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' }, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: '<div style="font-size:8pt;width:100%;text-align:center;color:#666"><span class="pageNumber"></span> / <span class="totalPages"></span></div>' });
  } finally {
    await browser.close();
  }
}


export const escapeHtml = (text: unknown) => String(text ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function htmlTable(columns: readonly string[], rows: readonly (readonly (string | number | null)[])[], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`;
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A printable report page: title, subtitle, numbered sections (their HTML is the caller's, already escaped), footer. */
export function reportDocument(report: { title: string; subtitle: string; sections: { heading: string; html: string }[]; footer: string; landscape?: boolean }): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(report.title)}</title><style>
    ${report.landscape ? '@page { size: A4 landscape; }' : ''}
    body { font-family: 'Noto Sans CJK SC', 'Noto Serif CJK SC', sans-serif; font-size: 10.5pt; color: #111; }
    h1 { font-size: 18pt; text-align: center; margin: 0 0 4pt; }
    .sub { text-align: center; color: #444; margin-bottom: 14pt; }
    h2 { font-size: 12.5pt; border-left: 4pt solid #1f4e9c; padding-left: 6pt; margin: 16pt 0 6pt; }
    table { width: 100%; border-collapse: collapse; page-break-inside: auto; }
    tr { page-break-inside: avoid; }
    th, td { border: 0.6pt solid #888; padding: 3pt 5pt; text-align: left; vertical-align: top; }
    th { background: #e8eef7; }
    .empty { color: #666; }
    .foot { margin-top: 18pt; color: #555; font-size: 9pt; }
  </style></head><body>
  <h1>${escapeHtml(report.title)}</h1>
  <div class="sub">${escapeHtml(report.subtitle)}</div>
  ${report.sections.map((section) => `<h2>${escapeHtml(section.heading)}</h2>${section.html}`).join('\n')}
  <p class="foot">${escapeHtml(report.footer)}</p>
  </body></html>`;
}
