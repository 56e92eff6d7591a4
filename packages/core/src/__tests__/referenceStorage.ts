/**
 * The `Storage` amazon-cognito-identity-js keeps its tokens and device keys in (in a browser it
 * uses localStorage): one per pool or user in the interop tests, so nothing leaks between them;
 * `items` shows what it wrote.
 */
export function memoryStore() {
  const items = new Map<string, string>();
  return {
    items,
    setItem: (key: string, value: string) => void items.set(key, value),
    getItem: (key: string) => items.get(key) ?? null,
    removeItem: (key: string) => void items.delete(key),
    clear: () => items.clear(),
  };
}
