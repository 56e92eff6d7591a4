/**
 * The repository points only at itself:
 * - every relative link and image of its Markdown files resolves to one of its files or folders
 *   (http(s):, mailto: and other schemes, and pure #anchors, are not checked; a #fragment or
 *   ?query is dropped; a leading / is the repository root, as on GitHub);
 * - no text file names a document that lives outside the repository.
 *
 * "Its files" are `git ls-files` plus untracked files .gitignore does not exclude, so a new page
 * is checked before it is committed, and a link into an ignored folder (dist/, test-results/)
 * fails: it would not resolve in a fresh clone.
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { proseOnly, repoFiles, repoPath, repoRoot } from './markdown.js';

const files = repoFiles();
const fileSet = new Set(files);
const folderSet = new Set(
  files.flatMap((file) => {
    const folders: string[] = [];
    for (let dir = posix.dirname(file); dir !== '.'; dir = posix.dirname(dir)) folders.push(dir);
    return folders;
  }),
);
const markdownFiles = files.filter((file) => file.endsWith('.md'));

interface Link {
  readonly line: number;
  readonly target: string;
}

/** 1-based line of an offset. */
const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** Link and image targets outside code: inline, reference definitions, HTML src and href. */
function linksOf(markdown: string): Link[] {
  const prose = proseOnly(markdown);
  const patterns = [
    // [text](target "title") and ![alt](target); the text may hold one level of brackets.
    /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g,
    // [label]: target
    /^ {0,3}\[[^\]]+\]:[ \t]*(<[^>]*>|\S+)/gm,
    // <img src="…">, <a href="…">
    /<[a-z]+\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']/gi,
  ];
  return patterns.flatMap((pattern) =>
    [...prose.matchAll(pattern)].map((match) => ({
      line: lineAt(prose, match.index),
      target: (match[1] ?? '').replace(/^<|>$/g, ''),
    })),
  );
}

/** Why a link does not resolve, or undefined when it does (or is not a relative link). */
function brokenBecause(markdown: string, target: string): string | undefined {
  if (target === '' || target.startsWith('#')) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return undefined;
  const path = target.replace(/[?#].*$/, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return 'is not a valid URL path';
  }
  const resolved = decoded.startsWith('/')
    ? posix.normalize(decoded.slice(1))
    : posix.normalize(posix.join(posix.dirname(markdown), decoded));
  const clean = resolved.replace(/\/$/, '');
  if (clean === '..' || clean.startsWith('../')) return 'points outside the repository';
  if (clean === '' || clean === '.' || fileSet.has(clean) || folderSet.has(clean)) return undefined;
  return `names ${clean}, which is not in the repository`;
}

/** Names of documents outside the repository, built from parts so this file does not hold them. */
const outsideNames = [
  ['..', 'shared'].join('/'),
  ...['SPEC', 'COGNITO', 'BENCHMARKS', 'STYLE'].map((name) => `${name}.md`),
];
const thisFile = repoPath(fileURLToPath(import.meta.url));

function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

describe('links', () => {
  it('finds the Markdown files', () => {
    expect(markdownFiles).toContain('README.md');
  });

  it.each(markdownFiles)('%s: relative links and images resolve', (markdown) => {
    const text = readFileSync(join(repoRoot, markdown), 'utf8');
    const broken = linksOf(text).flatMap(({ line, target }) => {
      const reason = brokenBecause(markdown, target);
      return reason ? [`${markdown}:${line}: (${target}) ${reason}`] : [];
    });
    if (broken.length > 0) throw new Error(`broken link(s):\n${broken.join('\n')}`);
  });
});

describe('mentions', () => {
  it('no file names a document outside the repository', () => {
    const found: string[] = [];
    for (const file of files) {
      if (file === 'pnpm-lock.yaml' || file === thisFile) continue;
      const content = readFileSync(join(repoRoot, file));
      if (isBinary(content)) continue;
      content
        .toString('utf8')
        .split('\n')
        .forEach((line, index) => {
          for (const name of outsideNames) {
            if (line.includes(name)) found.push(`${file}:${index + 1}: ${name}`);
          }
        });
    }
    if (found.length > 0) {
      throw new Error(
        `files outside the repository are named (cite a file of this repository instead):\n${found.join('\n')}`,
      );
    }
  });
});
