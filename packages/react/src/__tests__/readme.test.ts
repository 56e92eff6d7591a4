import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('README', () => {
  it('shows the "Testing components" example exactly as the suite runs it', () => {
    const readme = read('../../../../README.md');
    const section = readme.slice(readme.indexOf('\n### Testing components\n'));
    const block = /```tsx\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBe(read('./readmeExample.test.tsx'));
  });
});
