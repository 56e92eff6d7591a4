/**
 * Choice-based sign-in on the pool's side (docs/cognito-wire.md section 9): `InitiateAuth`
 * `USER_AUTH` (the app client allows it: cognitoApiHandlers.ts checked) and the answers to its
 * challenges. Without `PREFERRED_CHALLENGE`, or with one the user cannot use, it answers
 * `SELECT_CHALLENGE` with `AvailableChallenges` (userAuthFactors.ts); `PASSWORD` checks the
 * password and continues as `USER_PASSWORD_AUTH` (MFA, new password); `PASSWORD_SRP` answers
 * `PASSWORD_VERIFIER` as `USER_SRP_AUTH` (srpSignIn.ts); a code or passkey factor opens its
 * challenge, and its right answer signs the user in without MFA. With a top-level `Session`, it is
 * the sign-in right after `ConfirmSignUp` (accountHandlers.ts): once, within its lifetime.
 *
 * As built (AWS's reference does not say): an unknown user answers `UserNotFoundException` (with
 * `preventUserExistenceErrors`, simulated challenges: simulatedUserAuth.ts); a
 * user with no way offered, `NotAuthorizedException`; a `SELECT_CHALLENGE` `ANSWER` not offered,
 * `InvalidParameterException`; a `SELECT_CHALLENGE` `Session` is used by its answer, right or wrong.
 */
import { randomBase64url } from './base64url.js';
import { asObject, type JsonObject, requireString } from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';
import { afterPasswordWithDevice, deviceSignIn } from './deviceHandlers.js';
import { type TrackedOutcome, trackDevice } from './devices.js';
import { PASSWORD_CHALLENGE_REQUIRED, passkeyNeedsPassword } from './passkeyMfa.js';
import { countPasswordAttempt, refuseUnlessRight } from './passwordAttempts.js';
import type { PoolContext } from './poolContext.js';
import type { PoolState } from './poolState.js';
import { INCORRECT_PASSWORD, INVALID_SESSION } from './signIn.js';
import { answerSimulatedUserAuth, initiateSimulatedUserAuth } from './simulatedUserAuth.js';
import { spendSession } from './spentSessions.js';
import { startSrpSignIn } from './srpSignIn.js';
import { availableChallenges, userAuthFactor } from './userAuthFactors.js';
import {
  offeredAnswer,
  openRecord,
  signedInWithoutPassword,
  userAuthAfterSignUp,
  userIn,
} from './userAuthSteps.js';
import { hidesUserExistence } from './userExistence.js';
import { usernameFor } from './usernames.js';

/** Turns a sign-in outcome into the answer's body (cognitoApiHandlers.ts signs the tokens). */
type Respond = (outcome: TrackedOutcome) => Promise<unknown>;

const CHOICES = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];

/** Starts `challenge` for `username` with `given` (`AuthParameters` or `ChallengeResponses`). */
async function startChallenge(
  context: PoolContext,
  username: string,
  challenge: string,
  given: JsonObject,
  deviceKey: string | undefined,
  respond: Respond,
): Promise<unknown> {
  if (challenge === 'PASSWORD_SRP') {
    const srpA = requireString(given, 'SRP_A');
    const verifier = await startSrpSignIn(context, {
      USERNAME: username,
      SRP_A: srpA,
      ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}),
    });
    // As built: PASSWORD_VERIFIER comes with a Session; its answer is bound by SECRET_BLOCK.
    return { ...verifier, Session: randomBase64url(192) };
  }
  if (challenge === 'PASSWORD') {
    const password = requireString(given, 'PASSWORD');
    // Counted (and refused) in a transaction of its own, which a refusal must not roll back.
    refuseUnlessRight(
      await context.store.transact((state) => {
        const isRight = userIn(state, username).password === password;
        return countPasswordAttempt(state, username, isRight, context.now());
      }),
    );
    return respond(
      await context.store.transact((state) =>
        afterPasswordWithDevice(context, state, userIn(state, username), deviceKey),
      ),
    );
  }
  const factor = userAuthFactor(challenge);
  if (!factor)
    throw new CognitoApiError('InvalidParameterException', `Invalid challenge ${challenge}`);
  return context.store.transact((state) => {
    const user = userIn(state, username);
    const { parameters, data } = factor.open(state, user, context);
    const session = openRecord(state, context, {
      username,
      challengeName: challenge,
      data,
      ...(deviceKey ? { deviceKey } : {}),
    });
    return {
      ChallengeName: challenge,
      Session: session,
      ChallengeParameters: { ...parameters, USERNAME: username },
    };
  });
}

/** `InitiateAuth` `USER_AUTH`: the preferred way if offered, else `SELECT_CHALLENGE`. */
export async function initiateUserAuth(
  context: PoolContext,
  input: JsonObject,
  respond: Respond,
): Promise<unknown> {
  if (input.Session !== undefined) return respond(await userAuthAfterSignUp(context, input));
  const parameters = asObject(input.AuthParameters);
  const named = requireString(parameters, 'USERNAME');
  const username = await context.store.transact((state) =>
    usernameFor(state, named, context.config.signInNames),
  );
  const preferred = parameters.PREFERRED_CHALLENGE;
  if (preferred !== undefined && !CHOICES.includes(preferred as string)) {
    throw new CognitoApiError('InvalidParameterException', 'Invalid PREFERRED_CHALLENGE');
  }
  const deviceKey = deviceSignIn(context, parameters.DEVICE_KEY).deviceKey;
  const offered = await context.store.transact((state) => {
    if (!state.users[username] && hidesUserExistence(context)) return null;
    const user = userIn(state, username);
    if (preferred === 'WEB_AUTHN' && passkeyNeedsPassword(state, user, context)) {
      throw new CognitoApiError('NotAuthorizedException', PASSWORD_CHALLENGE_REQUIRED);
    }
    return availableChallenges(state, user, context);
  });
  if (!offered) return initiateSimulatedUserAuth(context, username, parameters);
  if (offered.length === 0) throw new CognitoApiError('NotAuthorizedException', INCORRECT_PASSWORD);
  if (typeof preferred === 'string' && offered.includes(preferred)) {
    return startChallenge(context, username, preferred, parameters, deviceKey, respond);
  }
  const session = await context.store.transact((state) =>
    openRecord(state, context, {
      username,
      challengeName: 'SELECT_CHALLENGE',
      available: offered,
      ...(deviceKey ? { deviceKey } : {}),
    }),
  );
  return {
    ChallengeName: 'SELECT_CHALLENGE',
    Session: session,
    ChallengeParameters: {},
    AvailableChallenges: offered,
  };
}

/**
 * `RespondToAuthChallenge` under a choice-based sign-in `Session`; `null` for any other `Session`
 * (the MFA and new-password challenges of signIn.ts answer those).
 */
export async function answerUserAuth(
  context: PoolContext,
  input: JsonObject,
  respond: Respond,
): Promise<unknown> {
  const session = typeof input.Session === 'string' ? input.Session : '';
  const record = await context.store.transact((state) => state.userAuth?.[session] ?? null);
  if (!record) return null;
  const responses = asObject(input.ChallengeResponses);
  const named = requireString(responses, 'USERNAME');
  const username = await context.store.transact((state) =>
    usernameFor(state, named, context.config.signInNames),
  );
  if (
    record.clientId !== input.ClientId ||
    record.expiresAt <= context.now() ||
    record.challengeName !== input.ChallengeName ||
    username !== record.username
  ) {
    throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
  }
  if (record.simulated) return answerSimulatedUserAuth(context, session, record, responses);
  const deviceKey = deviceSignIn(context, responses.DEVICE_KEY).deviceKey ?? record.deviceKey;
  const take = (state: PoolState) => {
    if (!state.userAuth?.[session])
      throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
    delete state.userAuth[session];
    spendSession(state, session, record.expiresAt, context.now());
    return userIn(state, username);
  };
  if (record.challengeName === 'SELECT_CHALLENGE') {
    const answer = offeredAnswer(record, responses);
    await context.store.transact(take);
    return startChallenge(context, username, answer, responses, deviceKey, respond);
  }
  const factor = userAuthFactor(record.challengeName);
  const user = await context.store.transact((state) => state.users[username]);
  if (!factor || !user) throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
  const verified = await factor.verify({ responses, data: record.data, user }, context);
  return respond(
    await context.store.transact((state) => {
      const current = take(state);
      factor.accept?.(state, current, verified);
      return trackDevice(state, deviceSignIn(context, deviceKey), () =>
        signedInWithoutPassword(state, current, context),
      );
    }),
  );
}
