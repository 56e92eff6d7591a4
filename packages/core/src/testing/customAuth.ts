/**
 * Custom authentication (`InitiateAuth` `CUSTOM_AUTH`, then `CUSTOM_CHALLENGE` answers), driven by
 * the three functions a test gives as the pool's `customAuth` option, in the shape of Cognito's
 * Lambda triggers (define, create and verify auth challenge; docs/cognito-wire.md section 12;
 * their types in customAuthTypes.ts). A start with `SRP_A` proves the password first
 * (customAuthSrp.ts).
 */
import { asObject, type JsonObject, requireString } from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';
import { openCustomSession, takeCustomSession } from './customAuthSessions.js';
import { askForPasswordProof, owedAfterPasswordProof } from './customAuthSrp.js';
import type {
  FakeCustomAuthRequest,
  FakeCustomAuthTriggers,
  FakeCustomChallengeResult,
} from './customAuthTypes.js';
import { deviceSignIn } from './deviceHandlers.js';
import { type TrackedOutcome, trackDevice } from './devices.js';
import type { FakeUser } from './fakePoolTypes.js';
import { clientMetadataOf, runTrigger } from './lambdaTriggers.js';
import type { PoolContext } from './poolContext.js';
import { INCORRECT_PASSWORD, INVALID_SESSION, signedInOutcome } from './signIn.js';
import { checkPasswordVerifier, readSrpA } from './srpSignIn.js';
import { hidesUserExistence, unknownUserSignIn } from './userExistence.js';
import { usernameFor } from './usernames.js';

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
 * What every trigger is told of a request: the user (`undefined`: `name` matched none, on a pool
 * that hides that), and its `ClientMetadata` (strings only).
 */
function triggerRequest(
  context: PoolContext,
  user: FakeUser | undefined,
  name: string,
  input: JsonObject,
): FakeCustomAuthRequest {
  return {
    userName: user ? user.username : name,
    userAttributes: user ? { ...user.attributes, sub: user.sub } : {},
    clientMetadata: clientMetadataOf(input.ClientMetadata),
    ...(hidesUserExistence(context) ? { userNotFound: !user } : {}),
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
  // Amplify's CUSTOM_WITH_SRP and AWS's identity SDK send CHALLENGE_NAME SRP_A with SRP_A.
  const srpA =
    parameters.CHALLENGE_NAME === 'SRP_A' || parameters.SRP_A !== undefined
      ? readSrpA(parameters)
      : undefined;
  const { user, name } = await context.store.transact((state) => {
    const name = usernameFor(state, named, context.config.signInNames);
    return { user: state.users[name], name };
  });
  // With PreventUserExistenceErrors ENABLED the triggers are asked, told userNotFound.
  if (!user && !hidesUserExistence(context)) return unknownUserSignIn(context);
  if (user?.status === 'UNCONFIRMED') {
    throw new CognitoApiError('UserNotConfirmedException', 'User is not confirmed.');
  }
  const deviceKey = typeof parameters.DEVICE_KEY === 'string' ? parameters.DEVICE_KEY : undefined;
  const base = triggerRequest(context, user, name, input);
  const history: FakeCustomChallengeResult[] = srpA
    ? [{ challengeName: 'SRP_A', challengeResult: true }]
    : [];
  return nextCustomStep(context, triggers, base, history, { deviceKey, srpA }, respond);
}

/**
 * `RespondToAuthChallenge` `PASSWORD_VERIFIER` in a custom sign-in (its `Session` is one), or
 * `undefined` for the other sign-ins' (srpSignIn.ts): checks the proof as `USER_SRP_AUTH` does;
 * a user who owes a new password or MFA is asked for it (customAuthSrp.ts), else the define
 * trigger decides, told whether the proof was right.
 */
export async function answerCustomPasswordVerifier(
  context: PoolContext,
  input: JsonObject,
  respond: Respond,
): Promise<unknown> {
  const record = await takeCustomSession(context, input.Session, true);
  if (!record) return undefined;
  const responses = asObject(input.ChallengeResponses);
  if (
    !record.passwordVerifier ||
    responses.PASSWORD_CLAIM_SECRET_BLOCK !== record.passwordVerifier
  ) {
    throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
  }
  const { user, isProven, deviceKey } = await checkPasswordVerifier(context, responses, true);
  if (user.username !== record.username) {
    throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
  }
  const history: FakeCustomChallengeResult[] = [
    ...record.history,
    { challengeName: 'PASSWORD_VERIFIER', challengeResult: isProven },
  ];
  const device = typeof deviceKey === 'string' ? deviceKey : record.deviceKey;
  if (isProven) {
    const owed = await owedAfterPasswordProof(context, user.username, device);
    if (owed) return respond(owed);
  }
  const base = triggerRequest(context, user, user.username, input);
  return nextCustomStep(
    context,
    triggersOf(context),
    base,
    history,
    { deviceKey: device },
    respond,
  );
}

/** `RespondToAuthChallenge` `CUSTOM_CHALLENGE`: verify the answer, then define the next step. */
export async function answerCustomChallenge(
  context: PoolContext,
  input: JsonObject,
  respond: Respond,
): Promise<unknown> {
  const triggers = triggersOf(context);
  const responses = asObject(input.ChallengeResponses);
  // The Session works once, answered right or wrong: the next step has a new one.
  const record = await takeCustomSession(context, input.Session);
  if (record.passwordVerifier) throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
  const named = requireString(responses, 'USERNAME');
  const answer = requireString(responses, 'ANSWER');
  const { user, same } = await context.store.transact((state) => {
    const found = state.users[record.username];
    const name = usernameFor(state, named, context.config.signInNames);
    return { user: found, same: name === record.username && (found || record.userNotFound) };
  });
  if (!same) throw new CognitoApiError('NotAuthorizedException', INVALID_SESSION);
  const base = triggerRequest(context, user, record.username, input);
  const { answerCorrect } = await runTrigger('VerifyAuthChallengeResponse', () =>
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
  return nextCustomStep(context, triggers, base, history, { deviceKey: record.deviceKey }, respond);
}

async function nextCustomStep(
  context: PoolContext,
  triggers: FakeCustomAuthTriggers,
  base: FakeCustomAuthRequest,
  history: FakeCustomChallengeResult[],
  start: { deviceKey: string | undefined; srpA?: string | undefined },
  respond: Respond,
): Promise<unknown> {
  const { deviceKey } = start;
  const decision = await runTrigger('DefineAuthChallenge', () =>
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
        // Tokens for a username nobody has: what a wrong answer gets.
        if (!user && base.userNotFound) {
          throw new CognitoApiError('NotAuthorizedException', INCORRECT_PASSWORD);
        }
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
  if (decision.challengeName === 'PASSWORD_VERIFIER') {
    return askForPasswordProof(context, base, history, start);
  }
  if (decision.challengeName !== 'CUSTOM_CHALLENGE') {
    throw new CognitoApiError(
      'InvalidLambdaResponseException',
      'Invalid define auth challenge lambda response: no challenge, no tokens and no failure.',
    );
  }
  const created = await runTrigger('CreateAuthChallenge', () =>
    triggers.createAuthChallenge({ ...base, challengeName: 'CUSTOM_CHALLENGE', session: history }),
  );
  const session = await openCustomSession(context, base.userName, history, deviceKey, {
    ...(base.userNotFound ? { userNotFound: true } : {}),
    privateParameters: { ...created.privateChallengeParameters },
    ...(created.challengeMetadata === undefined
      ? {}
      : { challengeMetadata: created.challengeMetadata }),
  });
  return {
    ChallengeName: 'CUSTOM_CHALLENGE',
    ChallengeParameters: { ...created.publicChallengeParameters, USERNAME: base.userName },
    Session: session,
  };
}
