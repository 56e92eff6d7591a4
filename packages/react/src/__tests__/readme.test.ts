import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The code blocks of one `### heading` of docs/react.md, in order. */
function blocksOf(heading: string): string[] {
  const page = read('../../../../docs/react.md');
  const start = page.indexOf(`\n### ${heading}\n`);
  expect(start, `docs/react.md has no "### ${heading}"`).toBeGreaterThan(-1);
  const rest = page.slice(start).replace(/^\n### .*\n/, '');
  const end = rest.search(/\n#{2,3} /);
  const section = end === -1 ? rest : rest.slice(0, end);
  return [...section.matchAll(/```tsx?\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

describe('docs/react.md', () => {
  it('shows the "Testing components" example exactly as the suite runs it', () => {
    expect(blocksOf('Testing components')).toEqual([read('./readmeExample.test.tsx')]);
  });

  it('shows "A complete example" exactly as tsc checks it (readmeApp/)', () => {
    expect(blocksOf('A complete example')).toEqual([
      read('./readmeApp/session.ts'),
      read('./readmeApp/main.tsx'),
    ]);
  });
});
