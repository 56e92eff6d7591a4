/**
 * AWS's own client, amazon-cognito-identity-js (a dev dependency nobody here wrote), signs in with
 * SRP against the testing kit's pool over MSW: the pool's SRP is the protocol AWS's clients speak,
 * not one sessionkit agrees with itself on.
 */
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from '../testing/jwt.js';
import { CLIENT_ID, requestsOf, server, startPool, USER, USER_POOL_ID } from './harness.js';
import { memoryStore } from './referenceStorage.js';

/** Storage for the reference client, so its cached tokens stay inside the test. */
type Outcome =
  | { kind: 'success'; session: CognitoUserSession }
  | { kind: 'failure'; error: { code?: string; name?: string; message: string } }
  | { kind: 'totp'; user: CognitoUser };

function referenceSignIn(username: string, password: string): Promise<Outcome> {
  const pool = new CognitoUserPool({
    UserPoolId: USER_POOL_ID,
    ClientId: CLIENT_ID,
    Storage: memoryStore(),
  });
  const user = new CognitoUser({ Username: username, Pool: pool, Storage: memoryStore() });
  return new Promise((resolve) => {
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
      onSuccess: (session) => resolve({ kind: 'success', session }),
      onFailure: (error) => resolve({ kind: 'failure', error }),
      totpRequired: () => resolve({ kind: 'totp', user }),
    });
  });
}

describe('amazon-cognito-identity-js against the kit (SRP)', () => {
  // Not useMsw(): its token audit is about sessionkit's sessions, and none runs here.
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('signs in with USER_SRP_AUTH and gets tokens for the user', async () => {
    const pool = await startPool();
    const outcome = await referenceSignIn(USER.username, USER.password);
    expect(outcome.kind).toBe('success');
    if (outcome.kind !== 'success') return;
    const claims = decodeJwt(outcome.session.getIdToken().getJwtToken())?.claims;
    expect(claims).toMatchObject({ 'cognito:username': 'alice', iss: pool.issuer });
    expect(outcome.session.getRefreshToken().getToken()).toEqual(expect.any(String));

    const [initiate] = requestsOf(pool, 'InitiateAuth');
    expect(initiate?.body).toMatchObject({
      AuthFlow: 'USER_SRP_AUTH',
      AuthParameters: { USERNAME: 'alice', SRP_A: expect.stringMatching(/^[0-9a-f]+$/) },
    });
    const [verifier] = requestsOf(pool, 'RespondToAuthChallenge');
    expect(verifier?.body).toMatchObject({
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: {
        USERNAME: 'alice',
        PASSWORD_CLAIM_SIGNATURE: expect.any(String),
        PASSWORD_CLAIM_SECRET_BLOCK: expect.any(String),
        TIMESTAMP: expect.stringMatching(/^\w{3} \w{3} [1-9]\d? \d\d:\d\d:\d\d UTC \d{4}$/),
      },
    });
  });

  it('is refused with a wrong password: NotAuthorizedException "Incorrect username or password."', async () => {
    const pool = await startPool();
    const outcome = await referenceSignIn(USER.username, 'Wr0ng-Horse!');
    expect(outcome).toMatchObject({
      kind: 'failure',
      error: { code: 'NotAuthorizedException', message: 'Incorrect username or password.' },
    });
    // The password was checked at the proof, not at the start.
    expect(requestsOf(pool, 'RespondToAuthChallenge')).toHaveLength(1);
  });

  it('is locked out after five wrong passwords: "Password attempts exceeded", then signs in a second later', async () => {
    let now = Date.UTC(2026, 0, 1, 12);
    await startPool({ now: () => now });
    for (let n = 0; n < 5; n += 1) {
      expect(await referenceSignIn(USER.username, 'Wr0ng-Horse!')).toMatchObject({
        error: { code: 'NotAuthorizedException', message: 'Incorrect username or password.' },
      });
    }
    expect(await referenceSignIn(USER.username, USER.password)).toMatchObject({
      kind: 'failure',
      error: { code: 'NotAuthorizedException', message: 'Password attempts exceeded' },
    });
    now += 1_000;
    expect((await referenceSignIn(USER.username, USER.password)).kind).toBe('success');
  });

  it('is refused for an unknown user with UserNotFoundException', async () => {
    await startPool();
    const outcome = await referenceSignIn('nobody', USER.password);
    expect(outcome).toMatchObject({ kind: 'failure', error: { code: 'UserNotFoundException' } });
  });

  it('continues into TOTP after PASSWORD_VERIFIER', async () => {
    const pool = await startPool();
    await pool.addUser({
      username: 'totp-user',
      password: 'Passw0rd!1',
      mfa: { type: 'SOFTWARE_TOKEN_MFA', code: '246810' },
    });
    const outcome = await referenceSignIn('totp-user', 'Passw0rd!1');
    expect(outcome.kind).toBe('totp');
    if (outcome.kind !== 'totp') return;
    const session = await new Promise<CognitoUserSession>((resolve, reject) => {
      outcome.user.sendMFACode(
        '246810',
        { onSuccess: resolve, onFailure: reject },
        'SOFTWARE_TOKEN_MFA',
      );
    });
    expect(decodeJwt(session.getIdToken().getJwtToken())?.claims).toMatchObject({
      'cognito:username': 'totp-user',
    });
  });
});
