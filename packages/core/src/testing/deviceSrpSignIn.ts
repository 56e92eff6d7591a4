/**
 * A remembered device's proof on the pool's side, verified for real (docs/cognito-wire.md
 * section 7): `DEVICE_SRP_AUTH` (answered with `USERNAME`, `DEVICE_KEY`, `SRP_A`) gets
 * `DEVICE_PASSWORD_VERIFIER` with B computed from the verifier `ConfirmDevice` registered; the
 * answer is accepted only when its signature proves the device password, with the device group
 * key as pool name and the device key as user id. Then tokens bound to the device, no MFA.
 *
 * As for the password's `PASSWORD_VERIFIER` (srpSignIn.ts, unconfirmed for devices): the
 * `DEVICE_PASSWORD_VERIFIER` challenge carries no `Session`, its `SECRET_BLOCK` binds the answer,
 * and a wrong signature answers "Incorrect username or password.".
 */

import { bytesToBase64, hexToBigInt } from '../providers/cognito/srpMath.js';
import {
  createSrpServerKeys,
  isCanonicalSrpTimestamp,
  verifyPasswordClaim,
} from '../providers/cognito/srpServer.js';
import { requireString } from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';
import { devicesIn, UNKNOWN_DEVICE } from './devices.js';
import type { PoolContext } from './poolContext.js';
import type { DeviceChallengeRecord, PoolState } from './poolState.js';
import {
  INCORRECT_PASSWORD,
  INVALID_SESSION,
  type SignInOutcome,
  signedInOutcome,
} from './signIn.js';
import { readPasswordClaim, readSrpA } from './srpSignIn.js';
import { usernameFor } from './usernames.js';

/** Bytes of the random `SECRET_BLOCK`, as for `PASSWORD_VERIFIER`. */
const SECRET_BLOCK_BYTES = 96;

function challengesIn(state: PoolState): Record<string, DeviceChallengeRecord> {
  state.deviceChallenges ??= {};
  return state.deviceChallenges;
}

/** `RespondToAuthChallenge` `DEVICE_SRP_AUTH`: the `DEVICE_PASSWORD_VERIFIER` challenge, as the answer body. */
export async function startDeviceSrp(
  context: PoolContext,
  session: unknown,
  responses: Record<string, unknown>,
): Promise<{
  ChallengeName: 'DEVICE_PASSWORD_VERIFIER';
  ChallengeParameters: Record<string, string>;
}> {
  const named = requireString(responses, 'USERNAME');
  const deviceKey = requireString(responses, 'DEVICE_KEY');
  const srpA = readSrpA(responses);
  const now = context.now();
  const key = typeof session === 'string' ? session : '';
  const { challenge, verifier, username } = await context.store.transact((state) => {
    const challenge = challengesIn(state)[key];
    const username = usernameFor(state, named, context.config.signInNames);
    if (
      challenge?.challengeName !== 'DEVICE_SRP_AUTH' ||
      challenge.clientId !== context.config.clientId ||
      challenge.expiresAt <= now ||
      challenge.username !== username
    ) {
      throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
    }
    const device = devicesIn(state)[deviceKey];
    if (!device?.verifier || device.username !== username || deviceKey !== challenge.deviceKey) {
      throw new CognitoApiError('ResourceNotFoundException', UNKNOWN_DEVICE);
    }
    return { challenge, verifier: device.verifier, username };
  });
  const { b, B } = await createSrpServerKeys(hexToBigInt(verifier.v));
  const secretBlock = bytesToBase64(
    globalThis.crypto.getRandomValues(new Uint8Array(SECRET_BLOCK_BYTES)),
  );
  await context.store.transact((state) => {
    const challenges = challengesIn(state);
    delete challenges[key];
    challenges[secretBlock] = {
      ...challenge,
      challengeName: 'DEVICE_PASSWORD_VERIFIER',
      srp: { A: srpA, b: b.toString(16), B: B.toString(16), salt: verifier.salt, secretBlock },
    };
  });
  return {
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
    ChallengeParameters: {
      DEVICE_KEY: deviceKey,
      SALT: verifier.salt,
      SECRET_BLOCK: secretBlock,
      SRP_B: B.toString(16),
      USERNAME: username,
    },
  };
}

/**
 * `RespondToAuthChallenge` `DEVICE_PASSWORD_VERIFIER`: checks the device's claim, then issues
 * tokens bound to the device. The challenge is single-use, also when the claim was wrong.
 */
export async function answerDevicePasswordVerifier(
  context: PoolContext,
  responses: Record<string, unknown>,
): Promise<SignInOutcome> {
  const { username: named, secretBlock, signature, timestamp } = readPasswordClaim(responses);
  const deviceKey = requireString(responses, 'DEVICE_KEY');
  const now = context.now();
  const found = await context.store.transact((state) => {
    const challenge = challengesIn(state)[secretBlock];
    if (challenge?.challengeName !== 'DEVICE_PASSWORD_VERIFIER' || !challenge.srp) return null;
    if (challenge.clientId !== context.config.clientId || challenge.expiresAt <= now) {
      throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
    }
    const device = devicesIn(state)[challenge.deviceKey];
    const username = usernameFor(state, named, context.config.signInNames);
    const isNamed = challenge.username === username && challenge.deviceKey === deviceKey;
    return device?.verifier && isNamed
      ? { srp: challenge.srp, device, v: device.verifier.v, username }
      : null;
  });
  if (!found) throw new CognitoApiError('NotAuthorizedException', INCORRECT_PASSWORD);

  const { srp, device, username } = found;
  const isProven =
    isCanonicalSrpTimestamp(timestamp) &&
    (await verifyPasswordClaim({
      A: hexToBigInt(srp.A),
      B: hexToBigInt(srp.B),
      b: hexToBigInt(srp.b),
      v: hexToBigInt(found.v),
      poolName: device.deviceGroupKey,
      userId: device.deviceKey,
      secretBlock: srp.secretBlock,
      timestamp,
      signature,
    }));

  const outcome = await context.store.transact((state) => {
    const challenges = challengesIn(state);
    if (!challenges[secretBlock]) return 'used' as const;
    delete challenges[secretBlock];
    if (!isProven) return 'refused' as const;
    const user = state.users[username];
    const tracked = devicesIn(state)[deviceKey];
    if (!user || !tracked)
      throw new CognitoApiError('UserNotFoundException', 'User does not exist.');
    tracked.lastAuthenticatedAt = now;
    const outcome = signedInOutcome(state, user, {
      clientId: context.config.clientId,
      now,
      refreshTokenLifetimeSeconds: context.config.refreshTokenLifetimeSeconds,
    });
    outcome.record.deviceKey = deviceKey;
    return outcome;
  });
  if (outcome === 'used') throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
  if (outcome === 'refused') {
    throw new CognitoApiError('NotAuthorizedException', INCORRECT_PASSWORD);
  }
  return outcome;
}
