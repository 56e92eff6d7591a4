import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The first ```ts block after a heading of the root README. */
function codeBlockAfter(heading: string): string {
  const readme = read('../../../../README.md');
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, `README has no "${heading}" heading`).toBeGreaterThan(-1);
  const match = /```ts\n([\s\S]*?)```/.exec(readme.slice(start));
  expect(match, `no ts block after "${heading}"`).not.toBeNull();
  return match?.[1] ?? '';
}

describe('README', () => {
  it('shows the "Testing your app" example exactly as the suite runs it', () => {
    expect(codeBlockAfter('### A Vitest test')).toBe(read('../testing/readmeExample.test.ts'));
  });
});
