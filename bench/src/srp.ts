/**
 * The SRP sign-in figure's pieces (docs/benchmarks.md, "SRP sign-in"), shared by
 * figures/srpSignIn.ts and srpSignIn.test.ts:
 *
 * - {@link buildSrpPage}: one browser bundle per library with the client side of a
 *   `USER_SRP_AUTH` sign-in behind `globalThis.srpBench` (browser/srpPageApi.ts):
 *   - sessionkit: its internal SRP functions, bundled from packages/core/src/providers/cognito/srp.ts,
 *     called as packages/core/src/providers/cognito/srpSignIn.ts calls them;
 *   - amazon-cognito-identity-js: its `AuthenticationHelper` (the constructor draws a and computes
 *     A), `getPasswordAuthenticationKey`, `DateHelper.getNowString` and the HMAC over
 *     `Buffer.concat` with its own `@aws-crypto/sha256-js` and `buffer`, as its
 *     `CognitoUser.authenticateUserDefaultAuth` does;
 *   - aws-amplify v6: `getAuthenticationHelper`, the helper's `getPasswordAuthenticationKey`,
 *     `getNowString` and `getSignatureString` from @aws-amplify/auth's dist (deep imports by path,
 *     the @aws-amplify/auth that aws-amplify itself resolves), as its `signIn` does.
 * - {@link createSrpFixture}: one user and one server challenge (B from a real verifier) per run,
 *   made in Node with the testing kit's server side (packages/core/src/providers/cognito/srpServer.ts).
 * - {@link verifySrpSignIn}: whether that server would accept a sign-in's `SRP_A`, signature and
 *   timestamp.
 */
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { formatSrpTimestamp, srpPoolName } from '../../packages/core/src/providers/cognito/srp.ts';
import {
  bytesToBase64,
  bytesToHex,
  hexToBigInt,
} from '../../packages/core/src/providers/cognito/srpMath.ts';
import {
  computeVerifier,
  createSrpServerKeys,
  isCanonicalSrpTimestamp,
  verifyPasswordClaim,
} from '../../packages/core/src/providers/cognito/srpServer.ts';
import type { SrpChallenge, SrpSignInOutcome } from './browser/srpPageApi.ts';
import { BENCH_ROOT, bundle } from './bundle.ts';

export type { SrpChallenge, SrpPageApi, SrpSignInOutcome } from './browser/srpPageApi.ts';

/** The libraries of the figure, in the order the table shows them. */
export const SRP_LIBRARIES = ['sessionkit', 'amazon-cognito-identity-js', 'aws-amplify'] as const;
export type SrpLibrary = (typeof SRP_LIBRARIES)[number];

const PAGE_API = join(BENCH_ROOT, 'src/browser/srpPageApi.ts');
const CORE_COGNITO = new URL('../../packages/core/src/providers/cognito/', import.meta.url)
  .pathname;
const benchModules = join(BENCH_ROOT, 'node_modules');
/** amazon-cognito-identity-js as bench/ has it; `buffer` and its sha256 resolve from its own deps. */
const COGNITO_IDENTITY_DIR = realpathSync(join(benchModules, 'amazon-cognito-identity-js'));
/** The @aws-amplify/auth that bench's aws-amplify depends on (pnpm puts it beside aws-amplify). */
const AMPLIFY_AUTH_DIR = realpathSync(
  join(realpathSync(join(benchModules, 'aws-amplify')), '..', '@aws-amplify', 'auth'),
);
const AMPLIFY_SRP = './dist/esm/providers/cognito/utils/srp';

const ENTRIES: Record<SrpLibrary, { contents: string; resolveDir: string; global?: boolean }> = {
  sessionkit: {
    resolveDir: BENCH_ROOT,
    contents: `
      import {
        computeLargeA, computePasswordClaim, createSrpClientKeys, formatSrpTimestamp, srpPoolName,
      } from ${JSON.stringify(join(CORE_COGNITO, 'srp.ts'))};
      import { hexToBigInt } from ${JSON.stringify(join(CORE_COGNITO, 'srpMath.ts'))};
      import { installSrpApi } from ${JSON.stringify(PAGE_API)};
      const keys = (a, A) => ({ srpA: A.toString(16), state: { a, A } });
      installSrpApi({
        // srpSignIn.ts: createSrpClientKeys() before InitiateAuth, SRP_A = A.toString(16).
        async start() {
          const { a, A } = createSrpClientKeys();
          return keys(a, A);
        },
        async startWithSecret(_, secretHex) {
          const a = hexToBigInt(secretHex);
          return keys(a, computeLargeA(a));
        },
        // srpSignIn.ts: SRP_B and SALT parsed with hexToBigInt, then computePasswordClaim.
        async finish(challenge, { a, A }, timestamp = formatSrpTimestamp(Date.now())) {
          const { signature } = await computePasswordClaim({
            a, A,
            B: hexToBigInt(challenge.srpB),
            salt: hexToBigInt(challenge.salt),
            password: challenge.password,
            poolName: srpPoolName(challenge.userPoolId),
            userId: challenge.userId,
            secretBlock: challenge.secretBlock,
            timestamp,
          });
          return { signature, timestamp };
        },
      });
    `,
  },
  'amazon-cognito-identity-js': {
    resolveDir: COGNITO_IDENTITY_DIR,
    global: true,
    contents: `
      import { Buffer } from 'buffer';
      import { Sha256 } from '@aws-crypto/sha256-js';
      import AuthenticationHelper from './es/AuthenticationHelper.js';
      import BigInteger from './es/BigInteger.js';
      import DateHelper from './es/DateHelper.js';
      import { installSrpApi } from ${JSON.stringify(PAGE_API)};
      // CognitoUserPool.getUserPoolName().
      const poolNameOf = (userPoolId) => userPoolId.split('_')[1];
      const largeA = (helper) => {
        let srpA;
        helper.getLargeAValue((error, A) => {
          if (error) throw error;
          srpA = A.toString(16);
        });
        return { srpA, state: helper };
      };
      installSrpApi({
        // CognitoUser.authenticateUserDefaultAuth: a new AuthenticationHelper (its constructor
        // draws a and computes A), then getLargeAValue for SRP_A.
        async start(challenge) {
          return largeA(new AuthenticationHelper(poolNameOf(challenge.userPoolId)));
        },
        async startWithSecret(challenge, secretHex) {
          const helper = new AuthenticationHelper(poolNameOf(challenge.userPoolId));
          helper.smallAValue = new BigInteger(secretHex, 16);
          helper.largeAValue = undefined;
          return largeA(helper);
        },
        // Its InitiateAuth callback: SRP_B and SALT as BigInteger, getPasswordAuthenticationKey,
        // getNowString, then the HMAC over pool name, user id, secret block and timestamp.
        async finish(challenge, helper, timestamp) {
          const serverBValue = new BigInteger(challenge.srpB, 16);
          const salt = new BigInteger(challenge.salt, 16);
          let hkdf;
          helper.getPasswordAuthenticationKey(
            challenge.userId, challenge.password, serverBValue, salt,
            (error, key) => {
              if (error) throw error;
              hkdf = key;
            },
          );
          const dateNow = timestamp ?? new DateHelper().getNowString();
          const concatBuffer = Buffer.concat([
            Buffer.from(poolNameOf(challenge.userPoolId), 'utf8'),
            Buffer.from(challenge.userId, 'utf8'),
            Buffer.from(challenge.secretBlock, 'base64'),
            Buffer.from(dateNow, 'utf8'),
          ]);
          const awsCryptoHash = new Sha256(hkdf);
          awsCryptoHash.update(concatBuffer);
          const signature = Buffer.from(awsCryptoHash.digestSync()).toString('base64');
          return { signature, timestamp: dateNow };
        },
      });
    `,
  },
  'aws-amplify': {
    resolveDir: AMPLIFY_AUTH_DIR,
    contents: `
      import { getAuthenticationHelper } from '${AMPLIFY_SRP}/getAuthenticationHelper.mjs';
      import AuthenticationHelper from '${AMPLIFY_SRP}/AuthenticationHelper/AuthenticationHelper.mjs';
      import BigInteger from '${AMPLIFY_SRP}/BigInteger/BigInteger.mjs';
      import { calculateA } from '${AMPLIFY_SRP}/calculate/calculateA.mjs';
      import { INIT_N } from '${AMPLIFY_SRP}/constants.mjs';
      import { getNowString } from '${AMPLIFY_SRP}/getNowString.mjs';
      import { getSignatureString } from '${AMPLIFY_SRP}/getSignatureString.mjs';
      import { installSrpApi } from ${JSON.stringify(PAGE_API)};
      // handlePasswordSRP / handlePasswordVerifierChallenge: userPoolId.split('_')[1].
      const poolNameOf = (userPoolId) => userPoolId?.split('_')[1] || '';
      installSrpApi({
        // handlePasswordSRP: getAuthenticationHelper (random a, A), SRP_A = A.toString(16).
        async start(challenge) {
          const helper = await getAuthenticationHelper(poolNameOf(challenge.userPoolId));
          return { srpA: helper.A.toString(16), state: helper };
        },
        // getAuthenticationHelper with a given a instead of a random one.
        async startWithSecret(challenge, secretHex) {
          const N = new BigInteger(INIT_N, 16);
          const g = new BigInteger('2', 16);
          const a = new BigInteger(secretHex, 16);
          const A = await calculateA({ a, g, N });
          const userPoolName = poolNameOf(challenge.userPoolId);
          return { srpA: A.toString(16), state: new AuthenticationHelper({ userPoolName, a, g, A, N }) };
        },
        // handlePasswordVerifierChallenge: SRP_B and SALT as BigInteger,
        // getPasswordAuthenticationKey, getNowString, getSignatureString.
        async finish(challenge, helper, timestamp) {
          const serverBValue = new BigInteger(challenge.srpB, 16);
          const salt = new BigInteger(challenge.salt, 16);
          const hkdf = await helper.getPasswordAuthenticationKey({
            username: challenge.userId, password: challenge.password, serverBValue, salt,
          });
          const dateNow = timestamp ?? getNowString();
          const signature = getSignatureString({
            userPoolName: poolNameOf(challenge.userPoolId),
            username: challenge.userId,
            challengeParameters: { SECRET_BLOCK: challenge.secretBlock },
            dateNow,
            hkdf,
          });
          return { signature, timestamp: dateNow };
        },
      });
    `,
  },
};

/**
 * The page script of one library (minified ESM for the browser, as the other figures' pages).
 * amazon-cognito-identity-js's `buffer` package reads a Node-style `global`, defined here as
 * `globalThis` (an app's bundler has to do the same for it).
 */
export function buildSrpPage(library: SrpLibrary): Promise<string> {
  const { contents, resolveDir, global } = ENTRIES[library];
  return bundle({ contents, resolveDir }, global ? { define: { global: 'globalThis' } } : {});
}

/** One user, one server challenge, and the server's secrets to check sign-ins against. */
export interface SrpFixture {
  challenge: SrpChallenge;
  /** The server's secret b and the user's verifier v = g^x (srpServer.ts). */
  server: { b: bigint; v: bigint; B: bigint };
}

const randomBytes = (length: number) => globalThis.crypto.getRandomValues(new Uint8Array(length));

/**
 * A user (random `USER_ID_FOR_SRP` as Cognito sends it: the user's sub) with a 16-byte salt,
 * the verifier a pool would store for the password, and B = k·v + g^b from a random b; a 1 KiB
 * random secret block.
 */
export async function createSrpFixture(): Promise<SrpFixture> {
  const userPoolId = 'eu-west-1_BenchPool';
  const userId = globalThis.crypto.randomUUID();
  const password = 'Corr3ct-Horse-Battery!';
  const salt = bytesToHex(randomBytes(16));
  const v = await computeVerifier(hexToBigInt(salt), srpPoolName(userPoolId), userId, password);
  const { b, B } = await createSrpServerKeys(v);
  return {
    challenge: {
      userPoolId,
      userId,
      password,
      salt,
      srpB: B.toString(16),
      secretBlock: bytesToBase64(randomBytes(1024)),
    },
    server: { b, v, B },
  };
}

/** A random secret a (128 bytes, as the libraries draw it), hex, and a timestamp for now. */
export function fixedSignInInput(): { secretHex: string; timestamp: string } {
  return { secretHex: bytesToHex(randomBytes(128)), timestamp: formatSrpTimestamp(Date.now()) };
}

/**
 * Why the pool of `fixture` would refuse this sign-in, or `null` when it accepts it: the
 * signature must verify against the server's S = (A·v^u)^b, the timestamp be in Cognito's form.
 */
export async function verifySrpSignIn(
  fixture: SrpFixture,
  outcome: SrpSignInOutcome,
): Promise<string | null> {
  if (outcome.error) return outcome.error;
  const { srpA, signature, timestamp } = outcome;
  if (!srpA || !signature || !timestamp) return 'no SRP_A, signature or timestamp';
  if (!isCanonicalSrpTimestamp(timestamp)) return `timestamp not in Cognito's form: ${timestamp}`;
  const { challenge, server } = fixture;
  const accepted = await verifyPasswordClaim({
    A: hexToBigInt(srpA),
    B: server.B,
    b: server.b,
    v: server.v,
    poolName: srpPoolName(challenge.userPoolId),
    userId: challenge.userId,
    secretBlock: challenge.secretBlock,
    timestamp,
    signature,
  });
  return accepted ? null : 'the signature does not verify';
}
