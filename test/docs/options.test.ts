/**
 * "The docs show every option with an example": every member of every public options interface
 * (`…Options`, and the React components' `…Props`) of every entry point, as API Extractor's
 * reports in packages/*\/api/ list them, is named in the written docs (README.md, the packages'
 * READMEs, docs/ without the generated docs/api/) and used in one of their ts/tsx code blocks.
 * The reports are what `pnpm test` checks against the built types (`api:check`), so a new option
 * fails here until a page shows it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fencedBlocks, markdownFilesUnder, repoRoot } from './markdown.js';

const pages = [
  'README.md',
  'packages/core/README.md',
  'packages/react/README.md',
  ...markdownFilesUnder('docs').filter((page) => !page.startsWith('docs/api/')),
].map((page) => readFileSync(join(repoRoot, page), 'utf8'));

/** Everything the pages show as code: inline spans and fenced blocks alike. */
const codeSpans = pages.flatMap((page) => page.match(/`[^`\n]+`/g) ?? []).join('\n');
const examples = pages
  .flatMap((page) => fencedBlocks(page))
  .filter((block) => block.lang === 'ts' || block.lang === 'tsx')
  .map((block) => block.code)
  .join('\n');

interface OptionsInterface {
  report: string;
  name: string;
  members: string[];
}

/** The options interfaces of one API report, with their members' names. */
function optionsInterfaces(report: string, text: string): OptionsInterface[] {
  const found: OptionsInterface[] = [];
  const declaration = /^export interface (\w+(?:Options|Props))\b[^{]*\{\r?\n([\s\S]*?)^\}/gm;
  for (const [, name = '', body = ''] of text.matchAll(declaration)) {
    // Members sit at four spaces; deeper lines belong to a member's own object type.
    const members = [...body.matchAll(/^ {4}(?:readonly )?'?([\w:]+)'?\??[:(<]/gm)].map(
      ([, member = '']) => member,
    );
    found.push({ report, name, members });
  }
  return found;
}

const reports = ['core', 'react', 'devtools'].flatMap((pkg) => {
  const folder = join(repoRoot, 'packages', pkg, 'api');
  return readdirSync(folder)
    .filter((file) => file.endsWith('.api.md'))
    .map((file) => ({
      report: `packages/${pkg}/api/${file}`,
      text: readFileSync(join(folder, file), 'utf8'),
    }));
});
const interfaces = reports.flatMap(({ report, text }) => optionsInterfaces(report, text));

const word = (name: string) => new RegExp(`(?<![\\w$])${name.replace(/[$]/g, '\\$&')}(?![\\w$])`);

describe('every public option', () => {
  it('is found in the API reports (SessionOptions, CognitoOptions, RedirectSignInOptions…)', () => {
    const names = interfaces.map(({ name }) => name);
    for (const expected of [
      'SessionOptions',
      'CognitoOptions',
      'RedirectSignInOptions',
      'FakeUserPoolOptions',
      'SessionProviderProps',
    ]) {
      expect(names).toContain(expected);
    }
    expect(interfaces.find(({ name }) => name === 'RedirectSignInOptions')?.members).toContain(
      'lang',
    );
  });

  it.each(interfaces.map((options) => [`${options.name} (${options.report})`, options] as const))(
    '%s: each member is named in the docs and used in an example',
    (_label, { members }) => {
      expect(members.length).toBeGreaterThan(0);
      const unnamed = members.filter((member) => !word(member).test(codeSpans));
      const withoutExample = members.filter((member) => !word(member).test(examples));
      expect({ unnamed, withoutExample }).toEqual({ unnamed: [], withoutExample: [] });
    },
  );
});
