import { requireSubtle } from '../../webCrypto.js';
import { invalidResponse, type ProviderResponse, stringField } from '../http.js';
import type { ProviderContext } from '../types.js';
import type { CognitoApiCall } from './cognitoApi.js';
import { answerChallenge, readSignInStep, type SignInStep } from './cognitoSignIn.js';
import { continueWithDevice, type DeviceChoice, presentDevice } from './deviceAuth.js';
import { cognitoSignInError } from './signInErrors.js';
import {
  computePasswordClaim,
  createSrpClientKeys,
  formatSrpTimestamp,
  srpPoolName,
} from './srp.js';
import { hexToBigInt, SRP_NEEDS } from './srpMath.js';

/** Runs one provider request (the session's timeout and abort signal). */
export type ProviderRun = <T>(task: (context: ProviderContext) => Promise<T>) => Promise<T>;

/**
 * The request that sends `SRP_A` and answers `PASSWORD_VERIFIER` (or another step): `InitiateAuth`
 * `USER_SRP_AUTH` here; choice-based sign-in's `USER_AUTH` and `SELECT_CHALLENGE` answers
 * (providers/cognito/choiceSignIn.ts) send it their own way.
 */
export type SrpStart = (
  context: ProviderContext,
  srpA: string,
  deviceKey: string | undefined,
) => Promise<ProviderResponse>;

/** The `PASSWORD_VERIFIER` challenge parameters (docs/cognito-wire.md section 7). */
interface PasswordVerifier {
  B: bigint;
  salt: bigint;
  secretBlock: string;
  /** `USER_ID_FOR_SRP`: the identity the password was registered under (the pool's username). */
  userId: string;
  /** Who the answers name: `USERNAME`, then `USER_ID_FOR_SRP`, then what the user typed. */
  username: string;
  /** Cognito's challenge `Session`; AWS may send none for this challenge (the secret block binds it). */
  session: string;
}

function readPasswordVerifier(response: ProviderResponse, typed: string): PasswordVerifier {
  const body = response.json as { ChallengeParameters?: unknown; Session?: unknown };
  const parameters = body.ChallengeParameters;
  const srpB = stringField(parameters, 'SRP_B');
  const salt = stringField(parameters, 'SALT');
  const secretBlock = stringField(parameters, 'SECRET_BLOCK');
  if (!srpB || !salt || !secretBlock || !/^[0-9a-f]+$/i.test(srpB) || !/^[0-9a-f]+$/i.test(salt)) {
    throw invalidResponse(
      response,
      "Cognito's PASSWORD_VERIFIER challenge lacks SRP_B, SALT or SECRET_BLOCK",
    );
  }
  const userIdForSrp = stringField(parameters, 'USER_ID_FOR_SRP');
  const challengeUsername = stringField(parameters, 'USERNAME');
  return {
    B: hexToBigInt(srpB),
    salt: hexToBigInt(salt),
    secretBlock,
    userId: userIdForSrp ?? challengeUsername ?? typed,
    username: challengeUsername ?? userIdForSrp ?? typed,
    session: typeof body.Session === 'string' ? body.Session : '',
  };
}

/** How {@link signInWithSrp} starts and what its requests carry. */
export interface SrpSignInOptions {
  /** The request that sends `SRP_A`. @default `InitiateAuth` `USER_SRP_AUTH` */
  start?: SrpStart;
  /** `ClientMetadata` for the pool's Lambda triggers, sent with the default start and the proof. */
  clientMetadata?: Record<string, string> | undefined;
}

/**
 * `InitiateAuth` `CUSTOM_AUTH` that starts with the password's proof (`CHALLENGE_NAME` `SRP_A`;
 * Amplify's `CUSTOM_WITH_SRP`): the pool's define auth challenge trigger then asks for
 * `PASSWORD_VERIFIER`, and custom challenges after it (docs/cognito-wire.md section 12).
 */
export function customAuthSrpStart(
  api: CognitoApiCall,
  clientId: string,
  username: string,
  clientMetadata: Record<string, string> | undefined,
): SrpStart {
  return (context, srpA, deviceKey) =>
    api(
      context,
      'InitiateAuth',
      {
        AuthFlow: 'CUSTOM_AUTH',
        ClientId: clientId,
        // JSON.stringify leaves out DEVICE_KEY and ClientMetadata when they are undefined.
        AuthParameters: {
          USERNAME: username,
          SRP_A: srpA,
          CHALLENGE_NAME: 'SRP_A',
          DEVICE_KEY: deviceKey,
        },
        ClientMetadata: clientMetadata,
      },
      cognitoSignInError,
    );
}

/**
 * Password sign-in with `USER_SRP_AUTH` (docs/cognito-wire.md section 7): `InitiateAuth` with `SRP_A`
 * (or another request sending it: `options.start`),
 * then the `PASSWORD_VERIFIER` answer that proves the password without sending it. Resolves with
 * the step after that (tokens, or MFA / new-password challenges answered as after
 * `USER_PASSWORD_AUTH`). Each request runs through `run`, so each gets the session's timeout.
 *
 * With `devices`, both requests carry the `DEVICE_KEY` of the user's remembered device (looked up
 * under the typed name, then under Cognito's `USER_ID_FOR_SRP`), and a `DEVICE_SRP_AUTH` that
 * follows is answered with it (deviceAuth.ts): a remembered device stands in for MFA. A device
 * Cognito refuses is dropped, and the sign-in starts over without it.
 *
 * @example
 * ```ts
 * const step = await signInWithSrp(internals.call, callApi, provider, 'alice', password);
 * ```
 */
export async function signInWithSrp(
  run: ProviderRun,
  api: CognitoApiCall,
  pool: { clientId: string; userPoolId: string },
  username: string,
  password: string,
  devices?: DeviceChoice,
  options: SrpSignInOptions = {},
): Promise<SignInStep> {
  // Before InitiateAuth: a page without WebCrypto would fail half-way through, after a request.
  requireSubtle(SRP_NEEDS);
  const { clientMetadata } = options;
  const start: SrpStart =
    options.start ??
    ((context, srpA, deviceKey) =>
      api(
        context,
        'InitiateAuth',
        {
          AuthFlow: 'USER_SRP_AUTH',
          ClientId: pool.clientId,
          AuthParameters: {
            USERNAME: username,
            SRP_A: srpA,
            ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}),
          },
          ClientMetadata: clientMetadata,
        },
        cognitoSignInError,
      ));
  const restart = () => signInWithSrp(run, api, pool, username, password, undefined, options);
  const step = await presentDevice(
    devices,
    () => proveSrp(run, api, pool, username, password, devices, start, clientMetadata),
    restart,
  );
  return continueWithDevice(run, api, pool.clientId, step, devices, restart);
}

/** `start` (`InitiateAuth`) and the `PASSWORD_VERIFIER` answer, with the device of `devices` if any. */
async function proveSrp(
  run: ProviderRun,
  api: CognitoApiCall,
  pool: { clientId: string; userPoolId: string },
  username: string,
  password: string,
  devices: DeviceChoice | undefined,
  start: SrpStart,
  clientMetadata: Record<string, string> | undefined,
): Promise<SignInStep> {
  const { a, A } = createSrpClientKeys();
  const initialDevice = await devices?.find(username);
  const response = await run((context) => start(context, A.toString(16), initialDevice?.deviceKey));
  if ((response.json as { ChallengeName?: unknown }).ChallengeName !== 'PASSWORD_VERIFIER') {
    return readSignInStep(response, 'InitiateAuth', username);
  }
  const verifier = readPasswordVerifier(response, username);
  // An alias was typed: the device is remembered under the pool's username.
  await devices?.find(verifier.userId);
  const claim = await run(async (context) => {
    const timestamp = formatSrpTimestamp(context.now());
    try {
      const { signature } = await computePasswordClaim({
        a,
        A,
        B: verifier.B,
        salt: verifier.salt,
        password,
        poolName: srpPoolName(pool.userPoolId),
        userId: verifier.userId,
        secretBlock: verifier.secretBlock,
        timestamp,
      });
      return {
        PASSWORD_CLAIM_SECRET_BLOCK: verifier.secretBlock,
        PASSWORD_CLAIM_SIGNATURE: signature,
        TIMESTAMP: timestamp,
      };
    } catch (error) {
      // B mod N = 0, u = 0 or a secret block that is not base64: SRP-6a says abort.
      throw invalidResponse(
        response,
        `Cognito's PASSWORD_VERIFIER challenge is unusable (${(error as Error).message})`,
      );
    }
  });
  const challenge = {
    name: 'PASSWORD_VERIFIER',
    session: verifier.session,
    username: verifier.username,
  };
  const deviceKey = devices?.current?.deviceKey;
  return run((context) =>
    answerChallenge(
      api,
      pool.clientId,
      challenge,
      deviceKey ? { ...claim, DEVICE_KEY: deviceKey } : claim,
      context,
      clientMetadata,
    ),
  );
}
