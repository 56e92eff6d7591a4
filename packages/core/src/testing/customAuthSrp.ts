/**
 * The start of a custom sign-in with a password proof (Amplify's `CUSTOM_WITH_SRP`): when the define
 * trigger asks for `PASSWORD_VERIFIER` after `SRP_A`, the pool answers with `USER_SRP_AUTH`'s
 * challenge (srpSignIn.ts) under a `Session` of the custom sign-in (customAuth.ts answers it).
 * Once the password is proven, what the user owes (a new password, MFA) is asked by the pool
 * itself, and tokens follow it.
 */
import { CognitoApiError } from './cognitoResponses.js';
import { openCustomSession } from './customAuthSessions.js';
import type { FakeCustomAuthRequest, FakeCustomChallengeResult } from './customAuthTypes.js';
import { afterPasswordWithDevice } from './deviceHandlers.js';
import type { TrackedOutcome } from './devices.js';
import { type PoolContext, signInContext } from './poolContext.js';
import { owesChallenge } from './signIn.js';
import { startSrpSignIn } from './srpSignIn.js';

/**
 * The define trigger asked for `PASSWORD_VERIFIER`: the challenge `USER_SRP_AUTH` answers with
 * (srpSignIn.ts), with a `Session` of this sign-in. Only right after `SRP_A`: without the client's
 * `SRP_A` there is nothing to answer (As built: Cognito's wording for that is not known here).
 */
export async function askForPasswordProof(
  context: PoolContext,
  base: FakeCustomAuthRequest,
  history: FakeCustomChallengeResult[],
  { deviceKey, srpA }: { deviceKey: string | undefined; srpA?: string | undefined },
): Promise<unknown> {
  if (!srpA || history.length !== 1) {
    throw new CognitoApiError(
      'InvalidLambdaResponseException',
      'Invalid define auth challenge lambda response: PASSWORD_VERIFIER follows SRP_A only.',
    );
  }
  const verifier = await startSrpSignIn(
    context,
    {
      USERNAME: base.userName,
      SRP_A: srpA,
      ...(deviceKey === undefined ? {} : { DEVICE_KEY: deviceKey }),
    },
    true,
  );
  const session = await openCustomSession(context, base.userName, history, deviceKey, {
    privateParameters: {},
    passwordVerifier: verifier.ChallengeParameters.SECRET_BLOCK,
  });
  return { ...verifier, Session: session };
}

/**
 * After a right password proof in a custom sign-in: when the user owes a new password
 * (`NEW_PASSWORD_REQUIRED`) or MFA, the pool asks for it itself, as after `USER_SRP_AUTH` (a
 * remembered device's proof instead of MFA), and tokens follow the answer: the define trigger is
 * not asked again (docs/cognito-wire.md section 12 says where this was seen). `null` when the user
 * owes nothing and the define trigger decides.
 */
export function owedAfterPasswordProof(
  context: PoolContext,
  username: string,
  deviceKey: string | undefined,
): Promise<TrackedOutcome | null> {
  return context.store.transact((state) => {
    const user = state.users[username];
    const sign = signInContext(context);
    if (!user || !owesChallenge(user, sign)) return null;
    return afterPasswordWithDevice(context, state, user, deviceKey, sign);
  });
}
