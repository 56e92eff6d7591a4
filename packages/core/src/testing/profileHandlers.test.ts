import { describe, expect, it } from 'vitest';
import {
  ALICE,
  attributesOf,
  callApi,
  claimsOf,
  createClock,
  POOL_CONFIG,
  setupPoolServer,
  signIn,
} from './cognitoTestClient.js';

const { usePool } = setupPoolServer();

function expectApiError(answer: { status: number; json: unknown }, type: string, message?: string) {
  expect(answer.status).toBe(400);
  expect(answer.json).toEqual({ __type: type, message: message ?? expect.any(String) });
}

describe('UpdateUserAttributes, GetUserAttributeVerificationCode, VerifyUserAttribute, DeleteUser', () => {
  it('a new phone number becomes unverified and gets an SMS code; the next tokens carry it', async () => {
    const pool = usePool();
    await pool.addUser({
      ...ALICE,
      attributes: { phone_number: '+15550000001', phone_number_verified: 'true' },
    });
    const { AccessToken, RefreshToken } = await signIn();
    const answer = await callApi('UpdateUserAttributes', {
      AccessToken,
      UserAttributes: [{ Name: 'phone_number', Value: '+15550009876' }],
    });
    expect(answer.json).toEqual({
      CodeDeliveryDetailsList: [
        { Destination: '+*******9876', DeliveryMedium: 'SMS', AttributeName: 'phone_number' },
      ],
    });
    expect(await pool.sentCodes('alice')).toEqual([
      expect.objectContaining({
        medium: 'SMS',
        destination: '+15550009876',
        purpose: 'VERIFY_ATTRIBUTE',
      }),
    ]);
    const refreshed = await callApi('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { REFRESH_TOKEN: RefreshToken },
    });
    const claims = claimsOf((refreshed.json.AuthenticationResult as { IdToken: string }).IdToken);
    expect(claims).toMatchObject({ phone_number: '+15550009876', phone_number_verified: false });
    const code = await pool.lastCode('alice', 'SMS');
    expect(
      (
        await callApi('VerifyUserAttribute', {
          AccessToken,
          AttributeName: 'phone_number',
          Code: code,
        })
      ).json,
    ).toEqual({});
    expect((await attributesOf(AccessToken)).phone_number_verified).toBe('true');
  });

  it('an empty value removes the attribute; an unchanged email sends no code', async () => {
    const pool = usePool();
    await pool.addUser({
      ...ALICE,
      attributes: { email: 'a@example.com', email_verified: 'true', nickname: 'Al' },
    });
    const { AccessToken } = await signIn();
    const answer = await callApi('UpdateUserAttributes', {
      AccessToken,
      UserAttributes: [
        { Name: 'nickname', Value: '' },
        { Name: 'email', Value: 'a@example.com' },
      ],
    });
    expect(answer.json).toEqual({});
    expect(await attributesOf(AccessToken)).toEqual({
      sub: expect.any(String),
      email: 'a@example.com',
      email_verified: 'true',
    });
    expect(await pool.sentCodes('alice')).toEqual([]);
  });

  it('refuses what Cognito refuses, changing nothing', async () => {
    const pool = usePool();
    await pool.addUser({ ...ALICE, attributes: { email: 'a@example.com', 'custom:tenant': 'x' } });
    const { AccessToken } = await signIn();
    expectApiError(
      await callApi('UpdateUserAttributes', {
        AccessToken,
        UserAttributes: [
          { Name: 'custom:tenant', Value: 'y' },
          { Name: 'custom:nope', Value: 'y' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
      'InvalidParameterException',
      'user.custom:nope: Attribute does not exist in the schema.\nuser.email_verified: Attribute cannot be updated.\n',
    );
    expect((await attributesOf(AccessToken))['custom:tenant']).toBe('x');
    expectApiError(
      await callApi('UpdateUserAttributes', { AccessToken }),
      'InvalidParameterException',
      'Missing required parameter UserAttributes',
    );
    expectApiError(
      await callApi('GetUserAttributeVerificationCode', { AccessToken, AttributeName: 'name' }),
      'InvalidParameterException',
    );
    expectApiError(
      await callApi('VerifyUserAttribute', { AccessToken, AttributeName: 'email', Code: '123456' }),
      'ExpiredCodeException',
    );
    expectApiError(
      await callApi('GetUserAttributeVerificationCode', {
        AccessToken: 'nope',
        AttributeName: 'email',
      }),
      'NotAuthorizedException',
      'Invalid Access Token',
    );
  });

  it('a code lasts 24 hours', async () => {
    const clock = createClock();
    const pool = usePool({ now: clock.now });
    await pool.addUser({ ...ALICE, attributes: { email: 'a@example.com' } });
    await callApi('GetUserAttributeVerificationCode', {
      AccessToken: (await signIn()).AccessToken,
      AttributeName: 'email',
    });
    const code = await pool.lastCode('alice');
    clock.advance(86_400_000);
    const { AccessToken } = await signIn();
    expectApiError(
      await callApi('VerifyUserAttribute', { AccessToken, AttributeName: 'email', Code: code }),
      'ExpiredCodeException',
    );
    await callApi('GetUserAttributeVerificationCode', { AccessToken, AttributeName: 'email' });
    clock.advance(86_400_000 - 1000);
    const late = await signIn();
    const fresh = await pool.lastCode('alice');
    const answer = await callApi('VerifyUserAttribute', {
      AccessToken: late.AccessToken,
      AttributeName: 'email',
      Code: fresh,
    });
    expect(answer.status).toBe(200);
  });

  it('DeleteUser removes the user; its tokens then find no user', async () => {
    const pool = usePool();
    await pool.addUser(ALICE);
    const { AccessToken } = await signIn();
    expect((await callApi('DeleteUser', { AccessToken })).json).toEqual({});
    expect(await pool.hasUser('alice')).toBe(false);
    expectApiError(
      await callApi('GetUser', { AccessToken }),
      'UserNotFoundException',
      'User does not exist.',
    );
  });
});

describe('attributesRequireVerificationBeforeUpdate', () => {
  const update = (AccessToken: string, Name: string, Value: string) =>
    callApi('UpdateUserAttributes', { AccessToken, UserAttributes: [{ Name, Value }] });

  it('keeps a verified address until the code sent to the new one is verified', async () => {
    const pool = usePool({ attributesRequireVerificationBeforeUpdate: ['email'] });
    await pool.addUser({
      ...ALICE,
      attributes: { email: 'old@example.com', email_verified: 'true', name: 'Alice' },
    });
    const { AccessToken } = await signIn();
    expect((await update(AccessToken, 'email', 'new@example.com')).json).toEqual({
      CodeDeliveryDetailsList: [
        { Destination: 'n***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
      ],
    });
    expect(await attributesOf(AccessToken)).toMatchObject({
      email: 'old@example.com',
      email_verified: 'true',
    });
    // Asked again, the code goes to the waiting address too.
    await callApi('GetUserAttributeVerificationCode', { AccessToken, AttributeName: 'email' });
    const sent = await pool.sentCodes('alice');
    expect(sent.map((code) => code.destination)).toEqual(['new@example.com', 'new@example.com']);
    const verified = await callApi('VerifyUserAttribute', {
      AccessToken,
      AttributeName: 'email',
      Code: sent[1]!.code,
    });
    expect(verified.json).toEqual({});
    expect(await attributesOf(AccessToken)).toMatchObject({
      email: 'new@example.com',
      email_verified: 'true',
    });
  });

  it('changes at once an address that is not verified, and an attribute not listed', async () => {
    const pool = usePool({ attributesRequireVerificationBeforeUpdate: ['email'] });
    await pool.addUser({
      ...ALICE,
      attributes: {
        email: 'old@example.com',
        phone_number: '+15550000001',
        phone_number_verified: 'true',
      },
    });
    const { AccessToken } = await signIn();
    await update(AccessToken, 'email', 'new@example.com');
    await update(AccessToken, 'phone_number', '+15550009876');
    expect(await attributesOf(AccessToken)).toMatchObject({
      email: 'new@example.com',
      email_verified: 'false',
      phone_number: '+15550009876',
      phone_number_verified: 'false',
    });
  });

  it('a later update replaces the waiting value; setting the old one back drops it', async () => {
    const pool = usePool({ attributesRequireVerificationBeforeUpdate: ['email'] });
    await pool.addUser({
      ...ALICE,
      attributes: { email: 'old@example.com', email_verified: 'true' },
    });
    const { AccessToken } = await signIn();
    await update(AccessToken, 'email', 'first@example.com');
    await update(AccessToken, 'email', 'second@example.com');
    const code = await pool.lastCode('alice');
    await callApi('VerifyUserAttribute', { AccessToken, AttributeName: 'email', Code: code });
    expect((await attributesOf(AccessToken)).email).toBe('second@example.com');

    await update(AccessToken, 'email', 'third@example.com');
    await update(AccessToken, 'email', 'second@example.com');
    await callApi('GetUserAttributeVerificationCode', { AccessToken, AttributeName: 'email' });
    expect((await pool.sentCodes('alice')).at(-1)?.destination).toBe('second@example.com');
  });

  it('takes only email and phone_number', () => {
    expect(() =>
      usePool({ attributesRequireVerificationBeforeUpdate: ['name' as 'email'] }),
    ).toThrow(/'email' and 'phone_number'/);
  });
});
