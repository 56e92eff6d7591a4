/**
 * Runs inside the Chromium page (bundled into each peer's page by peerPage.ts): wraps a peer
 * adapter module (peers/*.ts, unchanged) in `window.bench`, the calls the Chromium figures make.
 * Every call resolves with a plain object (errors as messages) so `page.evaluate` carries it.
 */
import type { Adapter, TokenFixture } from '../peers/fixture.ts';

/** What a peer adapter file exports (see adapters.ts). */
export interface PeerModule {
  setup(fixture: TokenFixture): Promise<Adapter>;
  restore?(): Promise<Adapter>;
  refreshResponse?(fresh: TokenFixture): unknown;
}

/** Outcome of a call into the page. */
export interface PageOutcome {
  token?: string;
  error?: string;
}

/** Outcome of one timed restore. */
export interface ColdStartOutcome extends PageOutcome {
  /** `performance.now()` from calling the adapter's `restore()` to its promise settling. */
  elapsed: number;
  /** IndexedDB object-store reads since the page loaded (HTML counts them from the start). */
  idbReads: number;
}

/** `window.bench` in a peer page. */
export interface BenchPageApi {
  /** The adapter's `setup(fixture)`: seeds the peer's own storage and keeps its client. */
  seed(fixture: TokenFixture): Promise<PageOutcome>;
  /** Times `restore()` (a new client over the stored session), then reads a token from it. */
  coldStart(): Promise<ColdStartOutcome>;
  /** The kept client's `getToken()`. */
  getToken(): Promise<PageOutcome>;
  /** The body the peer's token endpoint answers a refresh with. */
  refreshResponse(fresh: TokenFixture): unknown;
}

const message = (error: unknown) =>
  String((error as Error)?.message ?? error)
    .split('\n')[0]!
    .slice(0, 200);

/** `Buffer.from(text).toString('base64url')`, the one Buffer use of the adapters' own code. */
const bufferShim = {
  from(text: string) {
    return {
      toString(encoding: string) {
        if (encoding !== 'base64url') throw new Error(`Buffer shim: no ${encoding}`);
        const bytes = new TextEncoder().encode(text);
        let binary = '';
        for (const byte of bytes) binary += String.fromCharCode(byte);
        return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      },
    };
  },
};

/**
 * Exposes `peer` as `window.bench`. `shimBuffer` gives the page a minimal `Buffer` for adapters
 * whose own code (not the SDK's) base64url-encodes with it; only for peers whose SDK never
 * looks for a global `Buffer` (checked on their bundles).
 */
export function installPeerApi(peer: PeerModule, options: { shimBuffer?: boolean } = {}): void {
  const scope = globalThis as unknown as { Buffer?: unknown; bench?: BenchPageApi };
  if (options.shimBuffer && scope.Buffer === undefined) scope.Buffer = bufferShim;
  let adapter: Adapter | undefined;
  scope.bench = {
    async seed(fixture) {
      try {
        adapter = await peer.setup(fixture);
        return { token: await adapter.getToken() };
      } catch (error) {
        return { error: message(error) };
      }
    },
    async coldStart() {
      const reads = () => (window as unknown as { __idbReads?: number }).__idbReads ?? 0;
      if (!peer.restore) return { elapsed: 0, idbReads: reads(), error: 'no restore()' };
      const start = performance.now();
      let restored: Adapter;
      try {
        restored = await peer.restore();
      } catch (error) {
        return { elapsed: performance.now() - start, idbReads: reads(), error: message(error) };
      }
      const elapsed = performance.now() - start;
      const idbReads = reads();
      try {
        return { elapsed, idbReads, token: await restored.getToken() };
      } catch (error) {
        return { elapsed, idbReads, error: `restored, but getToken() failed: ${message(error)}` };
      }
    },
    async getToken() {
      if (!adapter) return { error: 'not seeded' };
      try {
        return { token: await adapter.getToken() };
      } catch (error) {
        return { error: message(error) };
      }
    },
    refreshResponse(fresh) {
      return peer.refreshResponse?.(fresh);
    },
  };
}
