/**
 * Choice-based sign-in (`USER_AUTH`, userAuth.ts) for a username nobody has, on an app client
 * that hides that (userExistence.ts). AWS's guide: Cognito answers "by randomly choosing from the
 * challenge types the user pool allows", a password, one-time code or passkey challenge. As
 * built, so tests are repeatable: the preferred challenge when the pool allows it, else
 * `SELECT_CHALLENGE` with every way the pool allows, as for a user who could use them all, except
 * a passkey (the kit never makes up a passkey request). A password is wrong, a password proof
 * fails ("Incorrect username or password."), and any code is wrong (`CodeMismatchException`, the
 * challenge stays open).
 */
import { randomBase64url } from './base64url.js';
import { type JsonObject, requireString } from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';
import type { PoolContext } from './poolContext.js';
import {
  CHALLENGE_SESSION_LIFETIME_SECONDS,
  INCORRECT_PASSWORD,
  INVALID_SESSION,
} from './signIn.js';
import { spendSession } from './spentSessions.js';
import { SIGN_IN_CODE_MISMATCH } from './userAuthFactors.js';
import { offeredAnswer, type UserAuthRecord } from './userAuthSteps.js';
import { simulatedDestination, simulatedPasswordVerifier } from './userExistence.js';

const SIMULATED_FACTORS = {
  PASSWORD: ['PASSWORD', 'PASSWORD_SRP'],
  EMAIL_OTP: ['EMAIL_OTP'],
  SMS_OTP: ['SMS_OTP'],
} as const;

/** The challenges offered to a username nobody has: the pool's ways, passkeys aside. */
function simulatedChallenges(context: PoolContext): string[] {
  return context.config.userAuthFactors.flatMap((factor) =>
    factor === 'WEB_AUTHN' ? [] : [...SIMULATED_FACTORS[factor]],
  );
}

/** Keeps a simulated challenge under a new `Session`. */
function openSimulated(
  context: PoolContext,
  record: Pick<UserAuthRecord, 'username' | 'challengeName' | 'available'>,
) {
  return context.store.transact((state) => {
    const session = randomBase64url(192);
    state.userAuth ??= {};
    state.userAuth[session] = {
      ...record,
      clientId: context.config.clientId,
      expiresAt: context.now() + CHALLENGE_SESSION_LIFETIME_SECONDS * 1000,
      simulated: true,
    };
    return session;
  });
}

/** Opens `challenge` for `name` with `given` (`AuthParameters` or `ChallengeResponses`). */
async function startSimulatedChallenge(
  context: PoolContext,
  name: string,
  challenge: string,
  given: JsonObject,
): Promise<unknown> {
  if (challenge === 'PASSWORD') {
    requireString(given, 'PASSWORD');
    throw new CognitoApiError('NotAuthorizedException', INCORRECT_PASSWORD);
  }
  if (challenge === 'PASSWORD_SRP') {
    requireString(given, 'SRP_A');
    const verifier = await simulatedPasswordVerifier(context, name);
    return { ...verifier, Session: randomBase64url(192) };
  }
  const medium = challenge === 'SMS_OTP' ? 'SMS' : 'EMAIL';
  const destination = await simulatedDestination(context, name, medium);
  return {
    ChallengeName: challenge,
    Session: await openSimulated(context, { username: name, challengeName: challenge }),
    ChallengeParameters: {
      CODE_DELIVERY_DELIVERY_MEDIUM: medium,
      CODE_DELIVERY_DESTINATION: destination,
      USERNAME: name,
    },
  };
}

/** `InitiateAuth` `USER_AUTH` for `name`, which matches no user. */
export async function initiateSimulatedUserAuth(
  context: PoolContext,
  name: string,
  parameters: JsonObject,
): Promise<unknown> {
  const offered = simulatedChallenges(context);
  const preferred = parameters.PREFERRED_CHALLENGE;
  if (typeof preferred === 'string' && offered.includes(preferred)) {
    return startSimulatedChallenge(context, name, preferred, parameters);
  }
  const session = await openSimulated(context, {
    username: name,
    challengeName: 'SELECT_CHALLENGE',
    available: offered,
  });
  return {
    ChallengeName: 'SELECT_CHALLENGE',
    Session: session,
    ChallengeParameters: {},
    AvailableChallenges: offered,
  };
}

/**
 * `RespondToAuthChallenge` under a simulated challenge's `Session` (userAuth.ts checked the
 * client, expiry, challenge name and username): the chosen way opened, or a code refused.
 */
export async function answerSimulatedUserAuth(
  context: PoolContext,
  session: string,
  record: UserAuthRecord,
  responses: JsonObject,
): Promise<unknown> {
  if (record.challengeName === 'SELECT_CHALLENGE') {
    const answer = offeredAnswer(record, responses);
    await context.store.transact((state) => {
      if (!state.userAuth?.[session])
        throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
      delete state.userAuth[session];
      spendSession(state, session, record.expiresAt, context.now());
    });
    return startSimulatedChallenge(context, record.username, answer, responses);
  }
  const field = record.challengeName === 'SMS_OTP' ? 'SMS_OTP_CODE' : 'EMAIL_OTP_CODE';
  const code = responses[field];
  if (typeof code !== 'string' || code === '') {
    throw new CognitoApiError('InvalidParameterException', `Missing required parameter ${field}`);
  }
  throw new CognitoApiError('CodeMismatchException', SIGN_IN_CODE_MISMATCH);
}
