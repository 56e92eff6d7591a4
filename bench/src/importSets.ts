/**
 * Size per import, the way size-limit and nanostores report it: each documented import set (what an
 * app imports from sessionkit for one use) is bundled on its own, so an app sees what it pays for
 * what it uses and a flow's own bytes show as its set's delta over restore-and-read. Defined once
 * here for the size figure (src/figures/size.ts) and the size-budget test (sizeBudget.test.ts), so
 * the two weigh the same code. Each entry is written as an app would: one module-level session and
 * an exported function per use, so nothing it calls is shaken out.
 */
import { type BundleSize, bundle, measure } from './bundle.ts';

export const IMPORT_SET_NAMES = [
  'restore-and-read',
  '+password',
  '+redirect',
  '+fetch',
  '+cross-tab',
  'everything',
  '+react',
  '+mfa',
  '+amplify-adoption',
  '+devices',
  '+account',
  '+profile',
  '+passkeys',
  '+choice-sign-in',
  '+custom-auth',
  '+aws-credentials',
  '+devtools',
  'testing',
] as const;

/** An import set's name: its `variant` in `bench/results/latest.json`. */
export type ImportSetName = (typeof IMPORT_SET_NAMES)[number];

export interface ImportSet {
  readonly name: ImportSetName;
  /** What the set imports and calls, for the tables and notes. */
  readonly description: string;
  /** The entry esbuild bundles, resolved from bench/ (so from packages/{core,react}/dist). */
  readonly entry: string;
  /** Bare imports left out of the bundle besides React (and their subpaths). */
  readonly external?: readonly string[];
  /** The set this one adds to: the delta is what the addition itself costs. */
  readonly base?: ImportSetName;
}

/** One use of the session: the names it imports from core and the app code that uses them. */
interface Use {
  readonly imports: readonly string[];
  readonly code: string;
  /** Cognito managed login's domain (redirect sign-in and sign-out need it). */
  readonly domain?: boolean;
  readonly crossTab?: boolean;
}

/** `createSession({ provider: cognito(…) })`, `await session.ready`, `session.getAccessToken()`. */
const READ: Use = {
  imports: [],
  code: `export async function accessToken() {
  await session.ready;
  return session.getAccessToken();
}`,
};

const PASSWORD: Use = {
  imports: ['signInWithPassword'],
  code: `export const passwordSignIn = (username: string, password: string) =>
  signInWithPassword(session, username, password);`,
};

const REDIRECT: Use = {
  imports: ['handleRedirectCallback', 'signInWithRedirect'],
  domain: true,
  code: `export const redirectSignIn = () => signInWithRedirect(session);
export const redirectCallback = () => handleRedirectCallback(session);`,
};

const SIGN_OUT_REDIRECT: Use = {
  imports: ['signOutWithRedirect'],
  domain: true,
  code: 'export const signOut = () => signOutWithRedirect(session);',
};

const FETCH: Use = {
  imports: ['createAuthorizedFetch'],
  code: `const authorizedFetch = createAuthorizedFetch(session);
export const api = (path: string) => authorizedFetch(\`https://api.app.example\${path}\`);`,
};

const CROSS_TAB: Use = { imports: ['crossTab'], crossTab: true, code: '' };

const AMPLIFY_ADOPTION: Use = {
  imports: ['adoptAmplifySession'],
  code: 'export const adoptAmplify = () => adoptAmplifySession(session);',
};

const MFA: Use = {
  imports: ['associateTotp', 'setMfaPreference', 'setUpTotp', 'verifyTotp'],
  code: `export const setUpAuthenticator = (step: Parameters<typeof setUpTotp>[0]) =>
  setUpTotp(step, { issuer: 'App' });
export const addAuthenticator = () => associateTotp(session, { issuer: 'App' });
export const confirmAuthenticator = (code: string) => verifyTotp(session, code);
export const preferAuthenticator = () => setMfaPreference(session, { totp: 'preferred' });`,
};

const DEVICES: Use = {
  imports: ['forgetDevice', 'listDevices', 'rememberDevice'],
  code: `export const rememberThisDevice = () => rememberDevice(session);
export const forgetThisDevice = () => forgetDevice(session);
export const devices = () => listDevices(session, { limit: 20 });`,
};

const ACCOUNT: Use = {
  imports: [
    'changePassword',
    'confirmResetPassword',
    'confirmSignUp',
    'resendSignUpCode',
    'resetPassword',
    'signUp',
  ],
  code: `export const register = (username: string, password: string, email: string) =>
  signUp(session, { username, password, attributes: { email } });
export const confirmRegistration = (username: string, code: string) =>
  confirmSignUp(session, username, code, { signIn: true });
export const resendCode = (username: string) => resendSignUpCode(session, username);
export const forgotPassword = (username: string) => resetPassword(session, username);
export const newPassword = (username: string, code: string, password: string) =>
  confirmResetPassword(session, username, code, password);
export const updatePassword = (previous: string, next: string) =>
  changePassword(session, previous, next);`,
};

const PROFILE: Use = {
  imports: [
    'deleteUser',
    'deleteUserAttributes',
    'getUserAttributes',
    'globalSignOut',
    'sendUserAttributeVerificationCode',
    'updateUserAttributes',
    'verifyUserAttribute',
  ],
  code: `export const profile = () => getUserAttributes(session);
export const saveProfile = (email: string, tenant: string) =>
  updateUserAttributes(session, { email, 'custom:tenant': tenant });
export const resendEmailCode = () => sendUserAttributeVerificationCode(session, 'email');
export const verifyEmail = (code: string) => verifyUserAttribute(session, 'email', code);
export const removePhone = () => deleteUserAttributes(session, ['phone_number']);
export const signOutEverywhere = () => globalSignOut(session);
export const deleteAccount = () => deleteUser(session);`,
};

const CHOICE_SIGN_IN: Use = {
  imports: ['signInWithChoice'],
  code: `export const choiceSignIn = (username: string) =>
  signInWithChoice(session, username, { preferredChallenge: 'EMAIL_OTP' });`,
};

const CUSTOM_AUTH: Use = {
  imports: ['signInWithCustomChallenge'],
  code: `export const customSignIn = (username: string) =>
  signInWithCustomChallenge(session, username, { clientMetadata: { via: 'email' } });`,
};

const AWS_CREDENTIALS: Use = {
  imports: ['createAwsCredentials'],
  code: `const credentials = createAwsCredentials(session, {
  identityPoolId: 'eu-west-1:0d6b8c5e-1f0a-4c1e-9d0b-2a3c4d5e6f70',
  allowGuest: true,
});
export const awsCredentials = () => credentials();`,
};

const PASSKEYS: Use = {
  imports: ['deletePasskey', 'listPasskeys', 'registerPasskey', 'signInWithPasskey'],
  code: `export const addPasskey = () => registerPasskey(session);
export const passkeys = () => listPasskeys(session);
export const removePasskey = (credentialId: string) => deletePasskey(session, credentialId);
export const passkeySignIn = (username: string) => signInWithPasskey(session, username);`,
};

/** An app module creating the session and using it in every way `uses` lists. */
function coreEntry(...uses: Use[]): string {
  const names = [...new Set(['cognito', 'createSession', ...uses.flatMap((use) => use.imports)])];
  const domain = uses.some((use) => use.domain) ? `, domain: 'auth.app.example'` : '';
  const coordinateTabs = uses.some((use) => use.crossTab);
  return [
    `import { ${names.sort().join(', ')} } from '@sessionkit/core';`,
    'export const session = createSession({',
    `  provider: cognito({ region: 'eu-west-1', userPoolId: 'eu-west-1_Pool', clientId: 'client'${domain} }),`,
    ...(coordinateTabs ? ['  crossTab: crossTab(),'] : []),
    '});',
    ...uses.map((use) => use.code).filter(Boolean),
    '',
  ].join('\n');
}

export const IMPORT_SETS: readonly ImportSet[] = [
  {
    name: 'restore-and-read',
    description: 'createSession + cognito (refresh) + ready + getAccessToken',
    entry: coreEntry(READ),
  },
  {
    name: '+password',
    description: 'restore-and-read + signInWithPassword',
    entry: coreEntry(READ, PASSWORD),
    base: 'restore-and-read',
  },
  {
    name: '+redirect',
    description:
      'restore-and-read (cognito with domain) + signInWithRedirect + handleRedirectCallback',
    entry: coreEntry(READ, REDIRECT),
    base: 'restore-and-read',
  },
  {
    name: '+fetch',
    description: 'restore-and-read + createAuthorizedFetch',
    entry: coreEntry(READ, FETCH),
    base: 'restore-and-read',
  },
  {
    name: '+cross-tab',
    description: 'restore-and-read with crossTab: crossTab()',
    entry: coreEntry(READ, CROSS_TAB),
    base: 'restore-and-read',
  },
  {
    name: 'everything',
    description: 'every set above together, plus signOutWithRedirect',
    entry: coreEntry(READ, PASSWORD, REDIRECT, SIGN_OUT_REDIRECT, FETCH, CROSS_TAB),
    base: 'restore-and-read',
  },
  {
    name: '+react',
    description: 'restore-and-read + every @sessionkit/react export (React external)',
    entry: `${coreEntry(READ)}export * from '@sessionkit/react';\n`,
    base: 'restore-and-read',
  },
  {
    name: '+mfa',
    description:
      '+password + setUpTotp (MFA_SETUP in sign-in) + associateTotp, verifyTotp, setMfaPreference',
    entry: coreEntry(READ, PASSWORD, MFA),
    base: '+password',
  },
  {
    name: '+amplify-adoption',
    description: 'restore-and-read + adoptAmplifySession',
    entry: coreEntry(READ, AMPLIFY_ADOPTION),
    base: 'restore-and-read',
  },
  {
    name: '+devices',
    description: 'restore-and-read + rememberDevice, forgetDevice, listDevices',
    entry: coreEntry(READ, DEVICES),
    base: 'restore-and-read',
  },
  {
    name: '+account',
    description:
      'restore-and-read + signUp, confirmSignUp (signing in after), resendSignUpCode, resetPassword, confirmResetPassword, changePassword',
    entry: coreEntry(READ, ACCOUNT),
    base: 'restore-and-read',
  },
  {
    name: '+profile',
    description:
      'restore-and-read + getUserAttributes, updateUserAttributes, sendUserAttributeVerificationCode, verifyUserAttribute, globalSignOut, deleteUser',
    entry: coreEntry(READ, PROFILE),
    base: 'restore-and-read',
  },
  {
    name: '+choice-sign-in',
    description:
      'restore-and-read + signInWithChoice (USER_AUTH: codes, passkey answer, password, SRP)',
    entry: coreEntry(READ, CHOICE_SIGN_IN),
    base: 'restore-and-read',
  },
  {
    name: '+custom-auth',
    description:
      "restore-and-read + signInWithCustomChallenge (CUSTOM_AUTH: the pool's own challenges, devices)",
    entry: coreEntry(READ, CUSTOM_AUTH),
    base: 'restore-and-read',
  },
  {
    name: '+aws-credentials',
    description:
      'restore-and-read + createAwsCredentials (an identity pool: GetId, GetCredentialsForIdentity)',
    entry: coreEntry(READ, AWS_CREDENTIALS),
    base: 'restore-and-read',
  },
  {
    name: '+passkeys',
    description:
      'restore-and-read + registerPasskey, listPasskeys, deletePasskey, signInWithPasskey (USER_AUTH with WEB_AUTHN: choice-based sign-in comes with it)',
    entry: coreEntry(READ, PASSKEYS),
    base: 'restore-and-read',
  },
  {
    // The development entry (the panel): what a dev build loads. A production build resolves
    // @sessionkit/devtools to its no-op twin (0 bytes of panel), checked in
    // test/browser/exampleBuilds.test.ts.
    name: '+devtools',
    description:
      'restore-and-read + mount(session) from @sessionkit/devtools, development entry (production: a no-op)',
    entry: `${coreEntry(READ)}import { mount } from '../packages/devtools/dist/index.js';\nexport const devtools = () => mount(session);\n`,
    base: 'restore-and-read',
  },
  {
    name: 'testing',
    description:
      "every @sessionkit/core/testing export, msw external (an app's test bundle has msw anyway)",
    entry: "export * from '@sessionkit/core/testing';\n",
    external: ['msw'],
  },
];

/**
 * Not an import set but the SDK-level figure compared with the peers: what every peer's entry in
 * src/entries/ does (create the client, read the session, sign in by redirect when there is none,
 * get an access token). The callback half of redirect sign-in is left out, as the peers leave out
 * theirs.
 */
export const PEER_COMPARISON_ENTRY = `import { cognito, createSession, signInWithRedirect } from '@sessionkit/core';
export async function main() {
  const session = createSession({
    provider: cognito({
      region: 'eu-west-1', userPoolId: 'eu-west-1_Pool', clientId: 'client', domain: 'auth.app.example',
    }),
  });
  await session.ready;
  if (session.getState().status !== 'signedIn') return signInWithRedirect(session);
  return session.getAccessToken();
}
`;

export const PEER_COMPARISON_DESCRIPTION =
  'createSession + cognito + ready + signInWithRedirect + getAccessToken';

/** A set's bytes, and for a set with a `base` the bytes it adds to it. */
export interface ImportSetSize {
  readonly set: ImportSet;
  readonly size: BundleSize;
  readonly delta?: BundleSize;
}

const subtract = (a: BundleSize, b: BundleSize): BundleSize => ({
  minified: a.minified - b.minified,
  gzip: a.gzip - b.gzip,
  brotli: a.brotli - b.brotli,
});

/** Bundles every import set on its own (in IMPORT_SETS order) and weighs it. */
export async function measureImportSets(): Promise<ImportSetSize[]> {
  const sizes = new Map<ImportSetName, BundleSize>();
  for (const set of IMPORT_SETS) {
    sizes.set(
      set.name,
      measure(await bundle({ contents: set.entry }, { external: [...(set.external ?? [])] })),
    );
  }
  return IMPORT_SETS.map((set) => {
    const size = sizes.get(set.name)!;
    return set.base ? { set, size, delta: subtract(size, sizes.get(set.base)!) } : { set, size };
  });
}
