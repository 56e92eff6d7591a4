/**
 * The start of a custom sign-in with a password proof (Amplify's `CUSTOM_WITH_SRP`): when the define
 * trigger asks for `PASSWORD_VERIFIER` after `SRP_A`, the pool answers with `USER_SRP_AUTH`'s
 * challenge (srpSignIn.ts) under a `Session` of the custom sign-in (customAuth.ts answers it).
 */
import { CognitoApiError } from './cognitoResponses.js';
import { openCustomSession } from './customAuthSessions.js';
import type { FakeCustomAuthRequest, FakeCustomChallengeResult } from './customAuthTypes.js';
import type { PoolContext } from './poolContext.js';
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
