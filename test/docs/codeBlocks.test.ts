/**
 * Every ```ts and ```tsx block of README.md, the packages' READMEs and docs/ (recursively, the generated docs/api/ too)
 * type-checks as a user's module would: on the built packages (`dist`, through their `types`
 * export condition, as an app installing them resolves it; the `@sessionkit/source` condition is
 * not enabled), with a strict app tsconfig. Each block is written to test/.docs-snippets/ (ignored
 * by git, emptied on every run; inside test/ so that `@sessionkit/*`, react, msw and vitest
 * resolve through test/node_modules) and all of them are checked by one TypeScript program.
 *
 * Names a block may use without declaring: test/docs/snippetGlobals.d.ts and every
 * test/docs/globals/*.d.ts. A block without `import` or `export` gets `export {}` appended, so
 * that every block is a module of its own. A block whose first line is a comment naming a file
 * (`// src/session.ts: the app's session`) is written as that file, so a later block of the same
 * page can import it (`import { session } from './session'`).
 *
 * All blocks share one program, so a module augmentation in one block (`declare module
 * '@sessionkit/core' { interface Register … }`) applies to every block.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { fencedBlocks, markdownFilesUnder, repoPath, repoRoot } from './markdown.js';

const testRoot = join(repoRoot, 'test');
const snippetDir = join(testRoot, '.docs-snippets');
const globalsDir = join(testRoot, 'docs', 'globals');

/** The strict settings of an app's tsconfig (moduleResolution Bundler, React 17+ JSX). */
const compilerOptions: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noUnusedLocals: false,
  noUnusedParameters: false,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  jsx: ts.JsxEmit.ReactJSX,
  skipLibCheck: true,
  // Node's types for the Vitest examples (they import describe, it and expect from 'vitest', as
  // an app without Vitest's `globals` does), no other ambient types.
  types: ['node'],
  typeRoots: [join(testRoot, 'node_modules', '@types')],
  forceConsistentCasingInFileNames: true,
  noEmit: true,
};

interface Snippet {
  readonly markdown: string;
  /** 1-based, in the order of the file's ```ts and ```tsx blocks. */
  readonly index: number;
  readonly fenceLine: number;
  readonly path: string;
  readonly lines: readonly string[];
}

// The packages' READMEs are their npm pages: their examples are checked like the docs'.
const markdownFiles = [
  'README.md',
  'packages/core/README.md',
  'packages/react/README.md',
  ...markdownFilesUnder('docs'),
];

/** A first line naming the block's file: `// src/session.ts`, `// src/main.tsx: the entry`. */
const namedFile = /^\/\/ *((?:[\w-][\w.-]*\/)*[\w-]+(?:\.[\w-]+)*\.tsx?)(?![\w/])/;

/** The markdown files' ts and tsx blocks, written to snippetDir. */
function writeSnippets(): Snippet[] {
  rmSync(snippetDir, { recursive: true, force: true });
  mkdirSync(snippetDir, { recursive: true });
  const snippets: Snippet[] = [];
  for (const markdown of markdownFiles) {
    const blocks = fencedBlocks(readFileSync(join(repoRoot, markdown), 'utf8')).filter(
      (block) => block.lang === 'ts' || block.lang === 'tsx',
    );
    const name = markdown.replace(/\.md$/, '').replaceAll('/', '__');
    const named = new Set<string>();
    blocks.forEach((block, position) => {
      const index = position + 1;
      // A block that starts with `// src/session.ts…` is that file, in a folder of its own per
      // markdown file, so that another block of the page can import it ('./session').
      const fileName = namedFile.exec(block.code)?.[1];
      const path =
        fileName && !named.has(fileName)
          ? join(snippetDir, name, fileName)
          : join(snippetDir, `${name}.block${String(index).padStart(2, '0')}.${block.lang}`);
      if (fileName) named.add(fileName);
      mkdirSync(dirname(path), { recursive: true });
      const kind = path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
      const parsed = ts.createSourceFile(path, block.code, ts.ScriptTarget.ES2022, false, kind);
      // Appended after the block's own lines, so line numbers still map onto the markdown.
      const text = ts.isExternalModule(parsed) ? block.code : `${block.code}\nexport {};\n`;
      writeFileSync(path, text);
      snippets.push({
        markdown,
        index,
        fenceLine: block.fenceLine,
        path,
        lines: block.code.split('\n'),
      });
    });
  }
  return snippets;
}

function globalDeclarations(): string[] {
  if (!existsSync(globalsDir)) return [join(testRoot, 'docs', 'snippetGlobals.d.ts')];
  const extra = readdirSync(globalsDir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.d.ts'))
    .map((entry) => join(globalsDir, entry.name))
    .sort();
  return [join(testRoot, 'docs', 'snippetGlobals.d.ts'), ...extra];
}

const text = (diagnostic: ts.Diagnostic) =>
  ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');

/** `docs/x.md block N (line L of the .md): message`, then the line itself. */
function describeDiagnostic(snippet: Snippet, diagnostic: ts.Diagnostic): string {
  const file = diagnostic.file;
  const line =
    file && diagnostic.start !== undefined
      ? file.getLineAndCharacterOfPosition(diagnostic.start).line
      : 0;
  const source = snippet.lines[line]?.trim() ?? '';
  const where = `${snippet.markdown} block ${snippet.index} (line ${snippet.fenceLine + 1 + line} of the .md)`;
  return `${where}: ${text(diagnostic)}${source ? `\n    > ${source}` : ''}`;
}

/** Diagnostics per markdown file; those of no block (options, global declarations) under ''. */
const problems = new Map<string, string[]>();
let snippets: Snippet[] = [];
let program: ts.Program | undefined;

beforeAll(() => {
  snippets = writeSnippets();
  const byPath = new Map(snippets.map((snippet) => [snippet.path, snippet]));
  program = ts.createProgram({
    rootNames: [...globalDeclarations(), ...snippets.map((snippet) => snippet.path)],
    options: compilerOptions,
  });
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const snippet = diagnostic.file ? byPath.get(diagnostic.file.fileName) : undefined;
    const key = snippet?.markdown ?? '';
    const message = snippet
      ? describeDiagnostic(snippet, diagnostic)
      : `${diagnostic.file ? repoPath(diagnostic.file.fileName) : 'compiler options'}: ${text(diagnostic)}`;
    problems.set(key, [...(problems.get(key) ?? []), message]);
  }
});

function expectNone(messages: readonly string[] | undefined) {
  if (messages && messages.length > 0) {
    throw new Error(`${messages.length} type error(s):\n${messages.join('\n')}`);
  }
}

describe('documentation code blocks', () => {
  it('resolve @sessionkit/* to the built packages, as an app does', () => {
    const from = join(snippetDir, 'resolution.ts');
    for (const [name, dist] of [
      ['@sessionkit/core', 'packages/core/dist/index.d.ts'],
      ['@sessionkit/core/testing', 'packages/core/dist/testing/index.d.ts'],
      ['@sessionkit/react', 'packages/react/dist/index.d.ts'],
    ] as const) {
      const resolved = ts.resolveModuleName(name, from, compilerOptions, ts.sys).resolvedModule;
      expect(resolved && repoPath(ts.sys.realpath?.(resolved.resolvedFileName) ?? ''), name).toBe(
        dist,
      );
    }
  });

  it('are found (README.md has some)', () => {
    expect(snippets.filter((snippet) => snippet.markdown === 'README.md').length).toBeGreaterThan(
      0,
    );
  });

  it('share valid options and global declarations', () => {
    expectNone(problems.get(''));
  });

  it.each(markdownFiles)('%s: every ts and tsx block type-checks', (markdown) => {
    expectNone(problems.get(markdown));
  });
});
