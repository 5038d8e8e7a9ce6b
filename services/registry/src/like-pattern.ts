/** Escapes LIKE wildcards in user input, so that "50%" searches for the text "50%". */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
