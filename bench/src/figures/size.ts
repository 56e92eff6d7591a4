/**
 * Figure "bundle size": what an SPA ships for a session, per SDK, gzip -9 (the figure) plus
 * minified and brotli bytes. Deterministic, so measured once.
 */
import { ADAPTER_FILES } from '../adapters.ts';
import { bundle, CORE_ENTRY, measure, REACT_ENTRY } from '../bundle.ts';
import { coreBreakdown } from '../coreBreakdown.ts';
import { emitRows, PEERS, type Peer, type ResultRow } from '../results.ts';

/** Each peer's size entry is entries/ under the name of its adapter in peers/. */
const entryPath = (file: string) => new URL(`../entries/${file}`, import.meta.url).pathname;

const rows: ResultRow[] = [];
const core = measure(await bundle({ contents: CORE_ENTRY }));
const withReact = measure(await bundle({ contents: REACT_ENTRY }));
const react = {
  minified: withReact.minified - core.minified,
  gzip: withReact.gzip - core.gzip,
  brotli: withReact.brotli - core.brotli,
};

const parts = await coreBreakdown(CORE_ENTRY);
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

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
      'createSession + cognito + ready + signInWithRedirect + getAccessToken, with jwt-decode, mitt, idb-keyval. ' +
      `Measured on the sources: ${kB(parts.whole)}, of which sign-in flows ${kB(parts.signIn)}, ` +
      `session.fetch ${kB(parts.fetch)}, cross-tab ${kB(parts.crossTab)}; the rest ` +
      `(refresh, storage, validation, scheduling, events, Cognito refresh wire) ${kB(parts.engine)}`,
    extra: extra(core),
  },
  {
    figure: 'size_gzip',
    sdk: 'sessionkit',
    variant: 'react',
    value: react.gzip,
    unit: 'bytes',
    note: 'every @sessionkit/react export, on top of the core entry (React external)',
    extra: { minified: react.minified, brotli: react.brotli, '÷ smallest peer': null },
  },
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
