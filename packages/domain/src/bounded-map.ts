/**
 * Sets `key` in an insertion-ordered Map that holds at most `limit` entries: a key set again moves
 * to the newest place, and when the Map is full the oldest entry makes room. The memory bound of the
 * platform's small in-process caches (tokens, scopes, trees, accounts).
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  if (map.size >= limit) map.delete(map.keys().next().value!);
  map.set(key, value);
}
