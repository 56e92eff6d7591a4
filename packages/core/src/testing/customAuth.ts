/**
 * Custom authentication (`InitiateAuth` `CUSTOM_AUTH`, then `CUSTOM_CHALLENGE` answers), driven by
 * the three functions a test gives as the pool's `customAuth` option, in the shape of Cognito's
 * Lambda triggers (define, create and verify auth challenge; docs/cognito-wire.md section 12).
 */
import { randomBase64url } from './base64url.js';
import { asObject, type JsonObject, requireString } from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';
import { deviceSignIn } from './deviceHandlers.js';
import { type TrackedOutcome, trackDevice } from './devices.js';
import type { FakeUser } from './fakePoolTypes.js';
import type { PoolContext } from './poolContext.js';
import {
  CHALLENGE_SESSION_LIFETIME_SECONDS,
  INCORRECT_PASSWORD,
  INVALID_SESSION,
  signedInOutcome,
} from './signIn.js';
import { usernameFor } from './usernames.js';

/** One answered challenge of a custom sign-in, as the define trigger sees it (`request.session`). */
export interface FakeCustomChallengeResult {
  challengeName: 'CUSTOM_CHALLENGE';
  /** What the verify trigger said of the answer. */
  challengeResult: boolean;
  /** What the create trigger returned as `challengeMetadata`. */
  challengeMetadata?: string;
}

/** What every trigger is told: the user and the `ClientMetadata` of the request. */
export interface FakeCustomAuthRequest {
  userName: string;
  userAttributes: Record<string, string>;
  clientMetadata: Record<string, string>;
}

/**
 * The pool's custom authentication, as its three Lambda triggers (each takes the trigger's
 * `request` and returns its `response`, or a promise of it).
 *
 * @example
 * ```ts
 * import { createFakeUserPool } from '@sessionkit/core/testing';
 *
 * // One question; three wrong answers end the sign-in.
 * const pool = createFakeUserPool({
 *   region: 'eu-west-1',
 *   userPoolId: 'eu-west-1_AbC123',
 *   clientId: 'client',
 *   customAuth: {
 *     defineAuthChallenge: ({ session }) =>
 *       session.at(-1)?.challengeResult
 *         ? { issueTokens: true, failAuthentication: false }
 *         : session.length >= 3
 *           ? { issueTokens: false, failAuthentication: true }
 *           : { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false },
 *     createAuthChallenge: () => ({
 *       publicChallengeParameters: { question: '6 × 7?' },
 *       privateChallengeParameters: { answer: '42' },
 *     }),
 *     verifyAuthChallengeResponse: ({ privateChallengeParameters, challengeAnswer }) => ({
 *       answerCorrect: challengeAnswer === privateChallengeParameters.answer,
 *     }),
 *   },
 * });
 * ```
 */
export interface FakeCustomAuthTriggers {
  /** Decides the next step from the challenges answered so far (`session`, oldest first). */
  defineAuthChallenge(
    request: FakeCustomAuthRequest & { session: FakeCustomChallengeResult[] },
  ): CustomAuthResult<{
    challengeName?: 'CUSTOM_CHALLENGE';
    issueTokens: boolean;
    failAuthentication: boolean;
  }>;
  /** Makes the challenge: what the app sees (with `USERNAME` added) and what only verify sees. */
  createAuthChallenge(
    request: FakeCustomAuthRequest & {
      challengeName: 'CUSTOM_CHALLENGE';
      session: FakeCustomChallengeResult[];
    },
  ): CustomAuthResult<{
    publicChallengeParameters?: Record<string, string>;
    privateChallengeParameters?: Record<string, string>;
    challengeMetadata?: string;
  }>;
  /** Checks the app's `ANSWER`. */
  verifyAuthChallengeResponse(
    request: FakeCustomAuthRequest & {
      privateChallengeParameters: Record<string, string>;
      challengeAnswer: string;
    },
  ): CustomAuthResult<{ answerCorrect: boolean }>;
}

type CustomAuthResult<T> = T | Promise<T>;

/** A custom challenge waiting for its answer, by `Session`. */
export interface CustomAuthRecord {
  username: string;
  clientId: string;
  expiresAt: number;
  history: FakeCustomChallengeResult[];
  privateParameters: Record<string, string>;
  challengeMetadata?: string;
  deviceKey?: string;
}

/** Cognito's answer when `CUSTOM_AUTH` is allowed but the pool has no define trigger. */
export const NO_CUSTOM_AUTH_TRIGGER =
  'Custom auth lambda trigger is not configured for the user pool.';

type Respond = (outcome: TrackedOutcome) => Promise<unknown>;

function triggersOf(context: PoolContext): FakeCustomAuthTriggers {
  const triggers = context.config.customAuth;
  if (!triggers) throw new CognitoApiError('InvalidParameterException', NO_CUSTOM_AUTH_TRIGGER);
  return triggers;
}

/**
 * Runs one trigger. A trigger that throws fails the request as a Lambda error does in Cognito:
 * `UserLambdaValidationException` "<Trigger> failed with error <message>." (docs/cognito-wire.md
 * section 12).
 */
async function run<T>(trigger: string, call: () => T | Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof CognitoApiError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new CognitoApiError(
      'UserLambdaValidationException',
      `${trigger} failed with error ${message}.`,
    );
  }
}

/** What every trigger is told of a request: the user, and its `ClientMetadata` (strings only). */
function triggerRequest(user: FakeUser, input: JsonObject): FakeCustomAuthRequest {
  const metadata = Object.entries(asObject(input.ClientMetadata)).filter(
    ([, value]) => typeof value === 'string',
  );
  return {
    userName: user.username,
    userAttributes: { ...user.attributes, sub: user.sub },
    clientMetadata: Object.fromEntries(metadata) as Record<string, string>,
  };
}

/** `InitiateAuth` `CUSTOM_AUTH`: the define trigger with no history, then the first challenge. */
export async function initiateCustomAuth(
  context: PoolContext,
  input: JsonObject,
  respond: Respond,
): Promise<unknown> {
  const triggers = triggersOf(context);
  const parameters = asObject(input.AuthParameters);
  const named = requireString(parameters, 'USERNAME');
  if (parameters.SRP_A !== undefined) {
    throw new CognitoApiError(
      'InvalidParameterException',
      'CUSTOM_AUTH with SRP_A is not simulated by the fake user pool',
    );
  }
  const user = await context.store.transact(
    (state) => state.users[usernameFor(state, named, context.config.signInNames)],
  );
  if (!user) throw new CognitoApiError('UserNotFoundException', 'User does not exist.');
  if (user.status === 'UNCONFIRMED') {
    throw new CognitoApiError('UserNotConfirmedException', 'User is not confirmed.');
  }
  const deviceKey = typeof parameters.DEVICE_KEY === 'string' ? parameters.DEVICE_KEY : undefined;
  const base = triggerRequest(user, input);
  return nextCustomStep(context, triggers, base, [], deviceKey, respond);
}

/** `RespondToAuthChallenge` `CUSTOM_CHALLENGE`: verify the answer, then define the next step. */
export async function answerCustomChallenge(
  context: PoolContext,
  input: JsonObject,
  respond: Respond,
): Promise<unknown> {
  const triggers = triggersOf(context);
  const session = typeof input.Session === 'string' ? input.Session : '';
  const responses = asObject(input.ChallengeResponses);
  const now = context.now();
  // The Session works once, answered right or wrong: the next step has a new one.
  const record = await context.store.transact((state) => {
    const found = state.customAuth?.[session];
    if (found) delete state.customAuth?.[session];
    return found;
  });
  if (!record || record.clientId !== context.config.clientId || record.expiresAt <= now) {
    throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
  }
  const named = requireString(responses, 'USERNAME');
  const answer = requireString(responses, 'ANSWER');
  const user = await context.store.transact((state) => {
    const found = state.users[record.username];
    const same = found && usernameFor(state, named, context.config.signInNames) === found.username;
    return same ? found : undefined;
  });
  if (!user) throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
  const base = triggerRequest(user, input);
  const { answerCorrect } = await run('VerifyAuthChallengeResponse', () =>
    triggers.verifyAuthChallengeResponse({
      ...base,
      privateChallengeParameters: record.privateParameters,
      challengeAnswer: answer,
    }),
  );
  const history: FakeCustomChallengeResult[] = [
    ...record.history,
    {
      challengeName: 'CUSTOM_CHALLENGE',
      challengeResult: answerCorrect === true,
      ...(record.challengeMetadata === undefined
        ? {}
        : { challengeMetadata: record.challengeMetadata }),
    },
  ];
  return nextCustomStep(context, triggers, base, history, record.deviceKey, respond);
}

async function nextCustomStep(
  context: PoolContext,
  triggers: FakeCustomAuthTriggers,
  base: FakeCustomAuthRequest,
  history: FakeCustomChallengeResult[],
  deviceKey: string | undefined,
  respond: Respond,
): Promise<unknown> {
  const decision = await run('DefineAuthChallenge', () =>
    triggers.defineAuthChallenge({ ...base, session: history }),
  );
  if (decision.failAuthentication) {
    throw new CognitoApiError('NotAuthorizedException', INCORRECT_PASSWORD);
  }
  if (decision.issueTokens) {
    const now = context.now();
    const outcome = await context.store.transact((state) =>
      trackDevice(state, deviceSignIn(context, deviceKey), () => {
        const user = state.users[base.userName];
        if (!user) throw new CognitoApiError('UserNotFoundException', 'User does not exist.');
        return signedInOutcome(state, user, {
          clientId: context.config.clientId,
          now,
          refreshTokenLifetimeSeconds: context.config.refreshTokenLifetimeSeconds,
        });
      }),
    );
    return respond(outcome);
  }
  if (decision.challengeName !== 'CUSTOM_CHALLENGE') {
    throw new CognitoApiError(
      'InvalidLambdaResponseException',
      'Invalid define auth challenge lambda response: no challenge, no tokens and no failure.',
    );
  }
  const created = await run('CreateAuthChallenge', () =>
    triggers.createAuthChallenge({ ...base, challengeName: 'CUSTOM_CHALLENGE', session: history }),
  );
  const session = randomBase64url(192);
  const record: CustomAuthRecord = {
    username: base.userName,
    clientId: context.config.clientId,
    expiresAt: context.now() + CHALLENGE_SESSION_LIFETIME_SECONDS * 1000,
    history,
    privateParameters: { ...created.privateChallengeParameters },
    ...(created.challengeMetadata === undefined
      ? {}
      : { challengeMetadata: created.challengeMetadata }),
    ...(deviceKey === undefined ? {} : { deviceKey }),
  };
  await context.store.transact((state) => {
    state.customAuth = { ...state.customAuth, [session]: record };
  });
  return {
    ChallengeName: 'CUSTOM_CHALLENGE',
    ChallengeParameters: { ...created.publicChallengeParameters, USERNAME: base.userName },
    Session: session,
  };
}
