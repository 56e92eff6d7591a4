/**
 * What the core bundle's bytes pay for. Bundles the core entry from packages/core/src (as
 * BENCHMARKS.md prescribes) with whole features replaced by do-nothing modules, so the difference
 * is what each feature costs an app. Only for the size table's note: the stubbed bundles do not
 * work, they are weighed.
 *
 * The stubs name the modules' exports; a renamed export makes esbuild fail here loudly rather
 * than weigh the wrong thing.
 */
import { readFileSync } from 'node:fs';
import { build, type Plugin } from 'esbuild';
import { measure } from './bundle.ts';

const CORE_SRC = new URL('../../packages/core/src/', import.meta.url).pathname;

/** Password and redirect sign-in: the flows, PKCE and the Cognito sign-in wire. */
const SIGN_IN_STUBS: Record<string, string> = {
  'signInFlows.ts': 'export const createSignInFlows = () => ({ logoutUrl: async () => null });',
  'redirectSignIn.ts': 'export const assignLocation = () => {};',
  'providers/cognito/cognitoSignIn.ts':
    'export const startPasswordSignIn = () => {}, answerChallenge = () => {};',
  'providers/authorizationCode.ts':
    'export const buildAuthorizationUrl = () => {}, exchangeAuthorizationCode = () => {};',
};

/** `session.fetch`: keeps the origin helpers that the options need. */
function fetchStub(): Record<string, string> {
  const source = readFileSync(`${CORE_SRC}authorizedFetch.ts`, 'utf8');
  const cut = source.indexOf('export function createAuthorizedFetch');
  if (cut < 0) throw new Error('authorizedFetch.ts no longer exports createAuthorizedFetch');
  return {
    'authorizedFetch.ts': `${source.slice(0, cut)}export const createAuthorizedFetch = (_: unknown) => () => {};`,
  };
}

/** Web Locks and BroadcastChannel coordination between tabs. */
const CROSS_TAB_STUB: Record<string, string> = {
  'crossTab.ts':
    'export const createCrossTab = () => ({ withLock: (task: () => unknown) => task(), post() {}, close() {}, hasLocks: true });',
};

const stubModules = (stubs: Record<string, string>): Plugin => ({
  name: 'stub-core-modules',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.ts$/ }, (args) => {
      const file = args.path.slice(CORE_SRC.length);
      const contents = stubs[file];
      return contents === undefined ? undefined : { contents, loader: 'ts' };
    });
  },
});

async function coreGzip(entry: string, stubs: Record<string, string>): Promise<number> {
  const result = await build({
    stdin: {
      contents: entry.replaceAll("'@sessionkit/core'", `'${CORE_SRC}index.ts'`),
      resolveDir: CORE_SRC,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    nodePaths: [new URL('../node_modules', `file://${CORE_SRC}`).pathname],
    plugins: [stubModules(stubs)],
  });
  return measure(result.outputFiles[0]!.text).gzip;
}

/** Gzip bytes of the core entry: whole, and with sign-in, `session.fetch` and cross-tab taken out. */
export async function coreBreakdown(entry: string) {
  const whole = await coreGzip(entry, {});
  const withoutSignIn = await coreGzip(entry, SIGN_IN_STUBS);
  const withoutFetch = await coreGzip(entry, { ...SIGN_IN_STUBS, ...fetchStub() });
  const engineOnly = await coreGzip(entry, {
    ...SIGN_IN_STUBS,
    ...fetchStub(),
    ...CROSS_TAB_STUB,
  });
  return {
    whole,
    signIn: whole - withoutSignIn,
    fetch: withoutSignIn - withoutFetch,
    crossTab: withoutFetch - engineOnly,
    /** Refresh, storage, validation, scheduling, events and the Cognito refresh wire. */
    engine: engineOnly,
  };
}
