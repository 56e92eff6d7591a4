/**
 * The app client's `PreventUserExistenceErrors` `ENABLED` (option `preventUserExistenceErrors`;
 * docs/cognito-wire.md section 7, "Hiding whether a user exists"): what the pool answers for a
 * username that matches no user, so that the answer does not tell that nobody has it.
 *
 * Per AWS's guide: `USER_PASSWORD_AUTH` is "Incorrect username or password."; `USER_SRP_AUTH`
 * answers a simulated `PASSWORD_VERIFIER` (the same salt and a UUID as the user id for the same
 * username) and its answer is "Incorrect username or password."; `ForgotPassword` and
 * `ResendConfirmationCode` answer as if a code had gone to a simulated destination;
 * `ConfirmForgotPassword` is `CodeMismatchException` and `ConfirmSignUp` `ExpiredCodeException`.
 * Choice-based sign-in's simulated challenges are simulatedUserAuth.ts's.
 */
import { srpPoolName } from '../providers/cognito/srp.js';
import {
  bytesToBase64,
  bytesToHex,
  hexToBigInt,
  sha256,
  utf8,
} from '../providers/cognito/srpMath.js';
import { computeVerifier, createSrpServerKeys } from '../providers/cognito/srpServer.js';
import type { CodeDelivery } from './accountState.js';
import { CognitoApiError } from './cognitoResponses.js';
import type { FakeUser } from './fakePoolTypes.js';
import { maskEmail } from './mfaPolicy.js';
import type { PoolContext } from './poolContext.js';
import type { PoolState } from './poolState.js';
import { INCORRECT_PASSWORD } from './signIn.js';
import { usernameFor } from './usernames.js';

/** Whether the app client hides that a username matches no user (`ENABLED`). */
export function hidesUserExistence(context: PoolContext): boolean {
  return context.config.preventUserExistenceErrors;
}

/** Refuses a sign-in of `name` that matches no user, as the app client is set to. */
export function unknownUserSignIn(context: PoolContext): never {
  if (hidesUserExistence(context)) {
    throw new CognitoApiError('NotAuthorizedException', INCORRECT_PASSWORD);
  }
  throw new CognitoApiError('UserNotFoundException', 'User does not exist.');
}

/** What Cognito answers for a username nobody has in account requests (and `ForgotPassword` for a disabled user). */
export const USER_NOT_FOUND = 'Username/client id combination not found.';

/**
 * The user an account request (`ConfirmSignUp`, `ResendConfirmationCode`, `ForgotPassword`,
 * `ConfirmForgotPassword`) names, or `null` when the app client hides that there is none, or that
 * the user is disabled (the caller answers as AWS's guide says); else `UserNotFoundException`.
 */
export function accountUser(state: PoolState, name: string, context: PoolContext): FakeUser | null {
  const user = state.users[usernameFor(state, name, context.config.signInNames)];
  if (user && !(user.isDisabled && hidesUserExistence(context))) return user;
  if (hidesUserExistence(context)) return null;
  throw new CognitoApiError('UserNotFoundException', USER_NOT_FOUND);
}

/** A username that is a phone number (`+` and its digits): its simulated codes go by SMS. */
const PHONE_NAME = /^\+\d{5,}$/;

/** Bytes derived from the pool and a username: the same for the same pair, every time. */
async function derived(context: PoolContext, purpose: string, name: string) {
  return sha256(utf8(`${purpose}\n${context.config.userPoolId}\n${name}`));
}

/** The UUID Cognito gives as the user id of a username nobody has (stable per pool and name). */
export async function simulatedUserId(context: PoolContext, name: string): Promise<string> {
  const hex = bytesToHex((await derived(context, 'unknown-user-id', name)).slice(0, 16));
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * `USER_SRP_AUTH` (or `USER_AUTH`'s `PASSWORD_SRP`) for a username nobody has: a
 * `PASSWORD_VERIFIER` challenge shaped as a real one (B from a verifier of a random password). The
 * pool keeps nothing of it: its `SECRET_BLOCK` matches no challenge, so any answer is "Incorrect
 * username or password." (srpSignIn.ts `checkPasswordVerifier`), as a wrong proof is. As built:
 * `USERNAME` is the UUID too, as in a pool where users sign in with an email address.
 */
export async function simulatedPasswordVerifier(context: PoolContext, name: string) {
  const userId = await simulatedUserId(context, name);
  const salt = bytesToHex((await derived(context, 'unknown-user-salt', name)).slice(0, 16));
  const random = bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(32)));
  const poolName = srpPoolName(context.config.userPoolId);
  const v = await computeVerifier(hexToBigInt(salt), poolName, userId, random);
  const { B } = await createSrpServerKeys(v);
  const secretBlock = bytesToBase64(globalThis.crypto.getRandomValues(new Uint8Array(96)));
  return {
    ChallengeName: 'PASSWORD_VERIFIER' as const,
    ChallengeParameters: {
      SALT: salt,
      SECRET_BLOCK: secretBlock,
      SRP_B: B.toString(16),
      USERNAME: userId,
      USER_ID_FOR_SRP: userId,
    },
  };
}

/**
 * Where a code "went" for a username nobody has, masked as Cognito masks a real destination. AWS:
 * "determined by the input username format and verification settings"; As built: a phone number
 * as username is an SMS to it, anything else an email; an email address as username is masked as
 * itself, any other name as an address made up from it (the same for the same name).
 */
export async function simulatedDestination(
  context: PoolContext,
  name: string,
  medium: 'EMAIL' | 'SMS',
) {
  const [first = 0, second = 0, third = 0] = await derived(
    context,
    'unknown-user-destination',
    name,
  );
  if (medium === 'SMS') {
    const digits = PHONE_NAME.test(name)
      ? name.slice(-4)
      : String((first << 8) | second)
          .padStart(4, '0')
          .slice(-4);
    return `+*******${digits}`;
  }
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return maskEmail(
    name.includes('@') ? name : `${letters[first % 26]}@${letters[third % 26]}.example`,
  );
}

/** `CodeDeliveryDetails` for a username nobody has (`ForgotPassword`, `ResendConfirmationCode`). */
export async function simulatedDelivery(context: PoolContext, name: string): Promise<CodeDelivery> {
  const medium = PHONE_NAME.test(name) ? 'SMS' : 'EMAIL';
  return {
    DeliveryMedium: medium,
    Destination: await simulatedDestination(context, name, medium),
    AttributeName: medium === 'SMS' ? 'phone_number' : 'email',
  };
}
