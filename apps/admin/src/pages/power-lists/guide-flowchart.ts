import type { GuideStep } from '@bianzhi/contracts/service-guides';

/**
 * A service guide's flowchart (办事流程图), drawn from its steps: 申请 → each step (what, who, how many
 * working days) → 办结, top to bottom, as SVG text. No chart library: the boxes are laid out here,
 * the browser renders the SVG, and the exports rasterise it (PNG) or wrap the raster in a one-page
 * PDF written by hand (no PDF library in the browser bundle).
 */
export interface FlowchartLabels {
  title: string;
  start: string;
  end: string;
  days: (n: number) => string;
}

const width = 420;
const boxWidth = 320;
const lineHeight = 18;
const gap = 30;
const charsPerLine = 17;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Breaks text into lines of at most `size` characters, at most `max` lines (the last one ellipsed). */
export function wrap(text: string, size = charsPerLine, max = 3): string[] {
  const chars = [...text];
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += size) lines.push(chars.slice(i, i + size).join(''));
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  kept[max - 1] = `${[...kept[max - 1]!].slice(0, size - 1).join('')}…`;
  return kept;
}

export interface FlowchartLayout {
  width: number;
  height: number;
  boxes: { x: number; y: number; w: number; h: number; lines: string[]; terminal: boolean }[];
  arrows: { x: number; y1: number; y2: number }[];
}

/** Where every box and arrow goes. */
export function layoutFlowchart(steps: Pick<GuideStep, 'name' | 'actor' | 'days'>[], labels: FlowchartLabels): FlowchartLayout {
  const x = (width - boxWidth) / 2;
  const boxes: FlowchartLayout['boxes'] = [];
  const arrows: FlowchartLayout['arrows'] = [];
  let y = 44;
  const add = (lines: string[], terminal: boolean) => {
    if (boxes.length > 0) {
      arrows.push({ x: width / 2, y1: y - gap, y2: y });
    }
    const h = terminal ? 36 : lines.length * lineHeight + 20;
    boxes.push({ x, y, w: boxWidth, h, lines, terminal });
    y += h + gap;
  };
  add([labels.start], true);
  steps.forEach((step, i) => {
    const detail = [step.actor, step.days !== null && step.days !== undefined ? labels.days(step.days) : null].filter(Boolean).join(' · ');
    add([...wrap(`${i + 1}. ${step.name}`, charsPerLine, 2), ...wrap(detail, charsPerLine + 3, 2)], false);
  });
  add([labels.end], true);
  return { width, height: y - gap + 16, boxes, arrows };
}

/** The flowchart as a standalone SVG document (every text escaped). */
export function flowchartSvg(steps: Pick<GuideStep, 'name' | 'actor' | 'days'>[], labels: FlowchartLabels): string {
  const layout = layoutFlowchart(steps, labels);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif" font-size="14">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    `<rect width="${layout.width}" height="${layout.height}" fill="#fff"/>`,
    `<text x="${layout.width / 2}" y="26" text-anchor="middle" font-size="16" font-weight="bold" fill="#222">${escapeXml(labels.title)}</text>`,
  ];
  for (const a of layout.arrows) parts.push(`<line x1="${a.x}" y1="${a.y1}" x2="${a.x}" y2="${a.y2 - 2}" stroke="#555" stroke-width="1.5" marker-end="url(#arrow)"/>`);
  for (const b of layout.boxes) {
    parts.push(`<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="${b.terminal ? b.h / 2 : 6}" fill="${b.terminal ? '#fdecea' : '#f0f5ff'}" stroke="${b.terminal ? '#b71c1c' : '#1677ff'}" stroke-width="1.5"/>`);
    const top = b.y + b.h / 2 - ((b.lines.length - 1) * lineHeight) / 2 + 5;
    b.lines.forEach((line, i) => parts.push(`<text x="${b.x + b.w / 2}" y="${top + i * lineHeight}" text-anchor="middle" fill="#222"${i === 0 ? ' font-weight="bold"' : ''}>${escapeXml(line)}</text>`));
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The SVG drawn on a canvas at twice its size (for a sharp PNG and PDF). */
async function rasterise(svg: string): Promise<HTMLCanvasElement> {
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('flowchart image failed to load'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = image.width * 2;
    canvas.height = image.height * 2;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return canvas;
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function flowchartPng(svg: string): Promise<Blob> {
  const canvas = await rasterise(svg);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no PNG'))), 'image/png'));
}

/**
 * A one-page PDF holding a JPEG (DCTDecode) at `width` × `height` points: the header, five objects
 * (catalog, pages, page, image, content) and the cross-reference table with their byte offsets.
 */
export function jpegPdf(jpeg: Uint8Array, pixelWidth: number, pixelHeight: number, width: number, height: number): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (part: string | Uint8Array) => {
    const bytes = typeof part === 'string' ? encoder.encode(part) : part;
    chunks.push(bytes);
    length += bytes.length;
  };
  const object = (n: number, body: (string | Uint8Array)[]) => {
    offsets[n] = length;
    push(`${n} 0 obj\n`);
    body.forEach(push);
    push('\nendobj\n');
  };
  const content = `q ${width} 0 0 ${height} 0 0 cm /Im0 Do Q`;
  push('%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n');
  object(1, ['<< /Type /Catalog /Pages 2 0 R >>']);
  object(2, ['<< /Type /Pages /Kids [3 0 R] /Count 1 >>']);
  object(3, [`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>`]);
  object(4, [`<< /Type /XObject /Subtype /Image /Width ${pixelWidth} /Height ${pixelHeight} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`, jpeg, '\nendstream']);
  object(5, [`<< /Length ${content.length} >>\nstream\n${content}\nendstream`]);
  const xref = length;
  push(`xref\n0 6\n0000000000 65535 f \n${offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`);
  push(`trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  const out = new Uint8Array(new ArrayBuffer(length));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export async function flowchartPdf(svg: string): Promise<Blob> {
  const canvas = await rasterise(svg);
  const dataUrl = canvas.toDataURL('image/jpeg', 0.92);
  const jpeg = Uint8Array.from(atob(dataUrl.slice(dataUrl.indexOf(',') + 1)), (c) => c.charCodeAt(0));
  // Half the pixel size in points: the chart at its drawn size.
  return new Blob([jpegPdf(jpeg, canvas.width, canvas.height, canvas.width / 2, canvas.height / 2)], { type: 'application/pdf' });
}
