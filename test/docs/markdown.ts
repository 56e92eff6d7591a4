/**
 * Markdown helpers shared by the documentation checks (`codeBlocks.test.ts`, `links.test.ts`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/docs/markdown.ts). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A path relative to the repository root, with forward slashes. */
export function repoPath(absolute: string): string {
  return relative(repoRoot, absolute).split(sep).join('/');
}

/**
 * The repository's files: tracked ones, plus untracked ones that .gitignore does not exclude (so
 * a new page is checked before it is committed); files deleted from the work tree are left out.
 */
export function repoFiles(...pathspecs: string[]): string[] {
  const output = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...pathspecs],
    { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const files = output.split('\0').filter((file) => file !== '');
  return [...new Set(files)]
    .filter((file) => !file.split('/').includes('node_modules'))
    .filter((file) => existsSync(join(repoRoot, file)))
    .sort();
}

/** Every `.md` file under a folder of the repository, recursively (node_modules skipped). */
export function markdownFilesUnder(folder: string): string[] {
  const root = join(repoRoot, folder);
  if (!existsSync(root)) return [];
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.md')) found.push(repoPath(path));
    }
  };
  walk(root);
  return found.sort();
}

export interface FencedBlock {
  /** The first word of the info string (`ts`, `tsx`, `sh`…), lower-cased; '' when none. */
  readonly lang: string;
  /** 1-based line of the markdown file holding the opening fence. */
  readonly fenceLine: number;
  /** The block's lines, the opening fence's indentation removed. */
  readonly code: string;
}

const openingFence = /^( *)(`{3,}|~{3,})(.*)$/;

/**
 * The fenced code blocks of a markdown file, in order. A fence closes only on the same character,
 * at least as long, with nothing after it, so a ````md block that shows a ```ts block holds one
 * block, not two. A fence may be indented (inside a list item); its content loses as much.
 */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: FencedBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = openingFence.exec(lines[index] ?? '');
    if (!open) continue;
    const indent = open[1]?.length ?? 0;
    const fence = open[2] ?? '```';
    const info = (open[3] ?? '').trim();
    if (fence.startsWith('`') && info.includes('`')) continue; // an inline code span, not a fence
    const closing = new RegExp(`^ *${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !closing.test(lines[end] ?? '')) {
      const line = lines[end] ?? '';
      const leading = line.length - line.trimStart().length;
      body.push(line.slice(Math.min(indent, leading)));
      end++;
    }
    blocks.push({
      lang: (info.split(/\s+/)[0] ?? '').toLowerCase(),
      fenceLine: index + 1,
      code: body.join('\n'),
    });
    index = end; // past the closing fence (or the end of the file when it never closes)
  }
  return blocks;
}

/**
 * The markdown with every fenced block's lines and every inline code span blanked (replaced by
 * spaces), so line numbers and columns still match the file. Links are looked for in what is left.
 */
export function proseOnly(markdown: string): string {
  const lines = markdown.split(/\r?\n/);
  const blank = (text: string) => text.replace(/[^\s]/g, ' ');
  let fence: RegExp | undefined;
  const out = lines.map((line) => {
    if (fence) {
      if (fence.test(line)) fence = undefined;
      return blank(line);
    }
    const open = openingFence.exec(line);
    if (open && !(open[2]?.startsWith('`') && (open[3] ?? '').includes('`'))) {
      const marker = open[2] ?? '```';
      fence = new RegExp(`^ *${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
      return blank(line);
    }
    return line;
  });
  // Inline code spans: a run of n backticks up to the next run of exactly n backticks in the
  // same paragraph.
  return out
    .join('\n')
    .replace(/(`+)((?:(?!\n[ \t]*\n)[\s\S])*?[^`])\1(?!`)/g, (span) => blank(span));
}
