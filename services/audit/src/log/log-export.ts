import { chinaClock } from '@bianzhi/domain/calendar';
import { simpleWorkbook } from '@bianzhi/sheets/read';
import { canonicalJson } from './chain.js';
import { listEntries, type EntryFilter } from './log.repository.js';

const columns = [
  { header: '序号', width: 10 },
  { header: '发生时间', width: 22 },
  { header: '来源', width: 10 },
  { header: '事件类型', width: 32 },
  { header: '对象类型', width: 14 },
  { header: '对象', width: 38 },
  { header: '操作人', width: 18 },
  { header: '内容', width: 80 },
  { header: '哈希', width: 66 },
];

/** The filtered log as an Excel sheet, newest first, with each entry's chain hash. */
export async function exportEntries(db: Parameters<typeof listEntries>[0], filter: EntryFilter) {
  const entries = await listEntries(db, filter);
  const rows = entries.map((e) => [
    e.seq,
    chinaClock(e.occurredAt),
    e.source,
    e.eventType,
    e.aggregateType,
    e.aggregateId,
    e.actor.name ?? e.actor.id,
    canonicalJson(e.payload).slice(0, 32_000),
    e.hash,
  ]);
  const content = await simpleWorkbook('审计日志', columns, rows, { title: '审计日志（导出时间按北京时间）' });
  return { filename: `审计日志-${chinaClock(new Date()).slice(0, 10)}.xlsx`, contentBase64: content.toString('base64'), rows: rows.length };
}
