/**
 * Figure "bundle size": what an SPA ships for a session, per SDK, gzip -9 (the figure) plus
 * minified and brotli bytes; for sessionkit also one row per documented import set of
 * src/importSets.ts, each bundled on its own (size per import), with what a "+" set adds to
 * restore-and-read. Deterministic, so measured once.
 */
import { ADAPTER_FILES } from '../adapters.ts';
import { bundle, measure } from '../bundle.ts';
import {
  measureImportSets,
  PEER_COMPARISON_DESCRIPTION,
  PEER_COMPARISON_ENTRY,
} from '../importSets.ts';
import { emitRows, PEERS, type Peer, type ResultRow } from '../results.ts';

/** Each peer's size entry is entries/ under the name of its adapter in peers/. */
const entryPath = (file: string) => new URL(`../entries/${file}`, import.meta.url).pathname;
const bytes = (value: number) => `${value.toLocaleString('en-US')} B`;

const rows: ResultRow[] = [];
const core = measure(await bundle({ contents: PEER_COMPARISON_ENTRY }));
const importSets = await measureImportSets();

const peerSizes = new Map<Peer, ReturnType<typeof measure>>();
for (const peer of PEERS) {
  try {
    peerSizes.set(peer, measure(await bundle({ path: entryPath(ADAPTER_FILES[peer]) })));
  } catch (error) {
    rows.push({
      figure: 'size_gzip',
      sdk: peer,
      value: null,
      unit: 'bytes',
      note: `esbuild could not bundle it: ${(error as Error).message.split('\n')[0]}`,
    });
  }
}
const smallestPeer = Math.min(...[...peerSizes.values()].map((size) => size.gzip));
const extra = (size: ReturnType<typeof measure>) => ({
  minified: size.minified,
  brotli: size.brotli,
  '÷ smallest peer': Number((size.gzip / smallestPeer).toFixed(3)),
});

rows.unshift(
  {
    figure: 'size_gzip',
    sdk: 'sessionkit',
    variant: 'core',
    value: core.gzip,
    unit: 'bytes',
    note:
      `the redirect sign-in use, ${PEER_COMPARISON_DESCRIPTION} (with jwt-decode, mitt, ` +
      "idb-keyval), which is what every peer's entry does: create, read the session, sign in by " +
      'redirect, get a token; the import-set rows weigh each use on its own',
    extra: extra(core),
  },
  ...importSets.map(
    ({ set, size, delta }): ResultRow => ({
      figure: 'size_gzip',
      sdk: 'sessionkit',
      variant: set.name,
      value: size.gzip,
      unit: 'bytes',
      note: delta
        ? `${set.description}; ${bytes(delta.gzip)} gzip over ${set.base} (minified ` +
          `${bytes(delta.minified)}, brotli ${bytes(delta.brotli)})`
        : set.description,
      extra: {
        ...extra(size),
        ...(set.name === 'testing' ? { '÷ smallest peer': null } : {}),
        'Δ gzip': delta?.gzip ?? null,
      },
    }),
  ),
);
for (const [peer, size] of peerSizes) {
  rows.push({
    figure: 'size_gzip',
    sdk: peer,
    value: size.gzip,
    unit: 'bytes',
    extra: extra(size),
  });
}
const reference = measure(await bundle({ path: entryPath('jwt-decode-mitt-idb-keyval.ts') }));
rows.push({
  figure: 'size_gzip',
  sdk: 'jwt-decode+mitt+idb-keyval',
  value: reference.gzip,
  unit: 'bytes',
  note: "not a peer: core's three dependencies alone",
  extra: extra(reference),
});
emitRows(rows);
