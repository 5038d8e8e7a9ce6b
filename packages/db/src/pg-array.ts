/**
 * A PostgreSQL array literal, built with one join, of values that need no quoting: uuids, numbers,
 * booleans, dates and timestamps, and identifier-like text (codes). node-pg would quote and escape
 * every element, which for an 8,000-transfer batch (hundreds of thousands of elements) is a large
 * share of the write path's own time. Any other value is refused, so that nothing can change how the
 * literal splits; free text (document numbers) goes through node-pg's escaping as usual.
 */
export function unquotedArray(values: readonly (string | number | boolean | Date | null | undefined)[]): string {
  return `{${values.map(element).join(',')}}`;
}

const UNQUOTED = /^[\w:.+-]+$/;

function element(value: string | number | boolean | Date | null | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number for an array literal: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  if (!UNQUOTED.test(value) || value.toLowerCase() === 'null') throw new Error(`not an unquoted array element: ${JSON.stringify(value)}`);
  return value;
}
