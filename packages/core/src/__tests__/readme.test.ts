import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The first ```ts block after a heading of docs/testing.md. */
function codeBlockAfter(heading: string): string {
  const page = read('../../../../docs/testing.md');
  const start = page.indexOf(`\n${heading}\n`);
  expect(start, `docs/testing.md has no "${heading}" heading`).toBeGreaterThan(-1);
  const match = /```ts\n([\s\S]*?)```/.exec(page.slice(start));
  expect(match, `no ts block after "${heading}"`).not.toBeNull();
  return match?.[1] ?? '';
}

describe('docs/testing.md', () => {
  it('shows the "Testing your app" example exactly as the suite runs it', () => {
    expect(codeBlockAfter('### A Vitest test')).toBe(read('../testing/readmeExample.test.ts'));
  });
});
