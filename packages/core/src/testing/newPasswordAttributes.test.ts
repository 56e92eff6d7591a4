/**
 * The attributes of a `NEW_PASSWORD_REQUIRED` answer (`userAttributes.<name>`;
 * attributeRules.ts `requireNewPasswordAttributes`) on the wire: what the kit refuses as Cognito
 * does, each refusal word for word, and that a refused answer changes nothing.
 */
import { describe, expect, it } from 'vitest';
import {
  ALICE,
  callApi,
  claimsOf,
  POOL_CONFIG,
  setupPoolServer,
  type WireAnswer,
} from './cognitoTestClient.js';
import type { FakeUserPoolOptions } from './fakeUserPoolOptions.js';

const { usePool } = setupPoolServer();
const { clientId: ClientId } = POOL_CONFIG;
const NEW_PASSWORD = 'Brand-New-Pass-2';

/** A pool with alice created by an administrator (`attributes`), and her challenge's answerer. */
async function newHire(
  attributes: Record<string, string>,
  options: Partial<FakeUserPoolOptions> = {},
) {
  const pool = usePool(options);
  await pool.addUser({ ...ALICE, status: 'FORCE_CHANGE_PASSWORD', attributes });
  const challenge = async () => {
    const started = await callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId,
      AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
    });
    expect(started.json.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    return started.json.Session as string;
  };
  const answer = async (extra: Record<string, string>) =>
    callApi('RespondToAuthChallenge', {
      ClientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: await challenge(),
      ChallengeResponses: { USERNAME: ALICE.username, NEW_PASSWORD, ...extra },
    });
  return { pool, answer };
}

const refusalOf = ({ status, json }: WireAnswer) => ({
  status,
  __type: json.__type,
  message: json.message,
});

describe('NEW_PASSWORD_REQUIRED answers: the attributes Cognito refuses', () => {
  it('an email address the user already has, even the same one: "Cannot modify an already provided email", and nothing changes', async () => {
    const { answer } = await newHire({ email: 'alice@example.com' });
    for (const email of ['alice@example.com', 'other@example.com']) {
      expect(refusalOf(await answer({ 'userAttributes.email': email }))).toEqual({
        status: 400,
        __type: 'NotAuthorizedException',
        message: 'Cannot modify an already provided email',
      });
    }
    // Still FORCE_CHANGE_PASSWORD with the temporary password: the next answer goes through.
    const done = await answer({ 'userAttributes.name': 'Alice' });
    expect(claimsOf(done.json.AuthenticationResult.IdToken)).toMatchObject({
      email: 'alice@example.com',
      name: 'Alice',
    });
  });

  it('a user without an email address may give one, in the form Cognito takes', async () => {
    const { answer } = await newHire({ name: 'Alice' });
    expect(refusalOf(await answer({ 'userAttributes.email': 'not-an-address' }))).toEqual({
      status: 400,
      __type: 'InvalidParameterException',
      message: 'Invalid email address format.',
    });
    const done = await answer({ 'userAttributes.email': 'alice@example.com' });
    expect(claimsOf(done.json.AuthenticationResult.IdToken).email).toBe('alice@example.com');
  });

  it('a verification mark or sub: no user may set them', async () => {
    const { answer } = await newHire({ email: 'alice@example.com' });
    expect(
      refusalOf(
        await answer({ 'userAttributes.email_verified': 'true', 'userAttributes.sub': 'x' }),
      ),
    ).toEqual({
      status: 400,
      __type: 'InvalidParameterException',
      message:
        'user.email_verified: Attribute cannot be updated.\nuser.sub: Attribute cannot be updated.\n',
    });
  });

  it("an attribute the app client may not write (writeAttributes): refused before the password's policy", async () => {
    const { answer } = await newHire({}, { writeAttributes: ['name', 'email'] });
    expect(
      refusalOf(await answer({ 'userAttributes.custom:role': 'admin', NEW_PASSWORD: 'weak' })),
    ).toEqual({
      status: 400,
      __type: 'NotAuthorizedException',
      message: 'A client attempted to write unauthorized attribute',
    });
    expect((await answer({ 'userAttributes.name': 'Alice' })).status).toBe(200);
  });
});
