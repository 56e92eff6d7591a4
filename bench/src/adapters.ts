/**
 * Loads the adapters in peers/ the way the shared measurement ran the SDKs: each adapter is
 * bundled for the browser by esbuild (so Okta and others resolve their browser builds, not
 * their Node builds) and imported into a Node process that browserEnv.ts made browser-like.
 */
import { mkdirSync } from 'node:fs';
import type { TokenSet } from '@sessionkit/core';
import { mintTokens } from '@sessionkit/core/testing';
import { build } from 'esbuild';
import { type Adapter, makeJwt, type TokenFixture } from './peers/fixture.ts';
import { PEERS, type Peer } from './results.ts';

/** Adapter files per SDK (sessionkit first). */
export const ADAPTER_FILES: Record<Peer | 'sessionkit', string> = {
  sessionkit: 'sessionkit.ts',
  'oidc-client-ts': 'oidc-client-ts.ts',
  '@auth0/auth0-spa-js': 'auth0-spa-js.ts',
  'aws-amplify': 'aws-amplify.ts',
  '@okta/okta-auth-js': 'okta-auth-js.ts',
  '@supabase/auth-js': 'supabase-auth-js.ts',
  '@azure/msal-browser': 'msal-browser.ts',
};

export const SDKS = ['sessionkit', ...PEERS] as const;
export type Sdk = (typeof SDKS)[number];

const CACHE_DIR = new URL('../.cache/', import.meta.url).pathname;

/** What an adapter file (peers/*.ts, or browser/auth0LocalStorage.ts) exports. */
export interface AdapterFileModule {
  setup(fixture: Fixture): Promise<Adapter>;
  /** The body the SDK's token endpoint answers a refresh with (fan-in figure). */
  refreshResponse?(fresh: TokenFixture): unknown;
  /** A new client over what `setup` stored, as after a page load (cold-start figure). */
  restore?(): Promise<Adapter>;
}

/**
 * Bundles a module of bench/src for the browser (minified ESM, `process.env.NODE_ENV`
 * "production"), writes it under bench/.cache/ and imports it into this browser-like Node.
 */
export async function loadBrowserBundle<Module>(file: string): Promise<Module> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const outfile = `${CACHE_DIR}${file.replace(/\//g, '-').replace(/\.ts$/, '')}.mjs`;
  await build({
    entryPoints: [new URL(`./${file}`, import.meta.url).pathname],
    outfile,
    bundle: true,
    minify: !process.env.BENCH_NO_MINIFY,
    format: 'esm',
    platform: 'browser',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return import(`${outfile}?t=${Date.now()}`);
}

/** Bundles `peers/<file>` for the browser and imports it. */
export function loadAdapterModule(sdk: Sdk): Promise<AdapterFileModule> {
  return loadBrowserBundle(`peers/${ADAPTER_FILES[sdk]}`);
}

/** Tokens for every adapter; sessionkit's really signed (its `setTokens` validates them). */
export interface Fixture extends TokenFixture {
  sessionkitTokens: TokenSet;
}

/** The user every fixture's tokens belong to. */
const BENCH_USER = {
  sub: '5f3a1c2e-7b1d-4c55-9d3e-2a8f6b0c1d11',
  email: 'alice@example.com',
  name: 'Alice',
  tid: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  oid: '00000000-0000-0000-66f3-3332eca7ea81',
};

/**
 * The peers' tokens (well-formed, unsigned JWTs) for the bench user, issued and expiring at the
 * given times. A `serial` makes the access and refresh tokens of one issue distinct.
 */
export function peerTokens(
  issuedAtSeconds: number,
  expiresAtSeconds: number,
  serial?: number,
): TokenFixture {
  const claims = BENCH_USER;
  const common = { ...claims, iat: issuedAtSeconds, nbf: issuedAtSeconds, exp: expiresAtSeconds };
  return {
    idToken: makeJwt({
      ...common,
      iss: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0',
      aud: 'a1b2c3d4-0000-0000-0000-000000000001',
      preferred_username: claims.email,
      ver: '2.0',
    }),
    accessToken: makeJwt({
      ...common,
      scope: 'openid profile email',
      token_use: 'access',
      ...(serial === undefined ? {} : { serial }),
    }),
    refreshToken: `bench-refresh-token-${serial ?? '0123456789abcdef'}`,
    expiresAtSeconds,
    issuedAtSeconds,
    claims,
  };
}

/** A fixture whose tokens expire `lifetimeSeconds` from now (negative: already expired). */
export async function createFixture(lifetimeSeconds = 3600): Promise<Fixture> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const issuedAtSeconds = lifetimeSeconds > 0 ? nowSeconds : nowSeconds + lifetimeSeconds - 3600;
  const expiresAtSeconds = nowSeconds + lifetimeSeconds;
  const { POOL } = await import('./peers/sessionkit.ts');
  const sessionkitTokens = await mintTokens(
    { sub: BENCH_USER.sub, 'cognito:username': 'alice', email: BENCH_USER.email },
    {
      region: POOL.region,
      userPoolId: POOL.userPoolId,
      clientId: POOL.clientId,
      lifetimeSeconds: Math.max(lifetimeSeconds, 1),
      now: issuedAtSeconds * 1000,
    },
  );
  return { ...peerTokens(issuedAtSeconds, expiresAtSeconds), sessionkitTokens };
}
