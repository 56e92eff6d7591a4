/**
 * The kit's passkey operations on the wire (StartWebAuthnRegistration,
 * CompleteWebAuthnRegistration, ListWebAuthnCredentials, DeleteWebAuthnCredential, the WEB_AUTHN
 * answer of USER_AUTH) and the pure rules beside them (webAuthnState.ts): what each refusal is
 * called and says, what the options carry, how long a challenge lasts.
 */
import { describe, expect, it } from 'vitest';
import {
  assertion,
  type Ceremony,
  newCredential,
  registration,
  type SoftCredential,
} from '../__tests__/softAuthenticator.js';
import {
  ALICE,
  callApi,
  createClock,
  fakePasskey,
  POOL_CONFIG,
  setupPoolServer,
  signIn,
} from './cognitoTestClient.js';
import type { FakeUser } from './fakePoolTypes.js';
import { createMemoryPoolStore, type PoolState } from './poolState.js';
import { WEB_AUTHN_FACTOR } from './webAuthnSignIn.js';
import {
  expectation,
  isAllowedOrigin,
  resolveWebAuthnConfig,
  userCredentials,
  type WebAuthnCredentialRecord,
  webAuthnStateOf,
} from './webAuthnState.js';

const { usePool } = setupPoolServer();

const RP_ID = 'app.example';
const ORIGIN = 'https://app.example';

function expectError(answer: { status: number; json: unknown }, type: string, message: string) {
  expect(answer.status).toBe(400);
  expect(answer.json).toEqual({ __type: type, message });
}

async function passkeyPool(options: { userVerification?: 'required' | 'preferred' } = {}) {
  const clock = createClock();
  const pool = usePool({
    now: clock.now,
    webAuthn: { relyingPartyId: RP_ID, ...options },
    explicitAuthFlows: [...POOL_CONFIG.explicitAuthFlows, 'ALLOW_USER_AUTH'],
    userAuthFactors: ['PASSWORD', 'WEB_AUTHN'],
  });
  await pool.addUser(ALICE);
  const { AccessToken } = await signIn();
  return { clock, pool, AccessToken };
}

async function start(AccessToken: string) {
  const answer = await callApi('StartWebAuthnRegistration', { AccessToken });
  expect(answer.status).toBe(200);
  return answer.json.CredentialCreationOptions;
}

/** The `CREDENTIAL_REQUEST_OPTIONS` of a `WEB_AUTHN` challenge, parsed. */
const requestOptions = (challenge: { json: { ChallengeParameters: Record<string, string> } }) =>
  JSON.parse(challenge.json.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS ?? '');

const complete = (AccessToken: string, Credential: unknown) =>
  callApi('CompleteWebAuthnRegistration', { AccessToken, Credential });

/** `credential`'s answer to a registration `challenge` from this page (`change` applied). */
const registrationFor = (
  credential: SoftCredential,
  challenge: string,
  change: Partial<Ceremony> = {},
) => registration(credential, { challenge, origin: ORIGIN, rpId: RP_ID, ...change });

/** Registers a new passkey (with `change` applied to the ceremony) and returns it. */
async function register(AccessToken: string, change: Partial<Ceremony> = {}, transports?: unknown) {
  const options = await start(AccessToken);
  const credential = await newCredential(-7, options.user.id);
  const response = await registrationFor(credential, options.challenge, change);
  if (transports !== undefined)
    (response.response as { transports: unknown }).transports = transports;
  return { credential, answer: await complete(AccessToken, response) };
}

describe('the passkey rules (webAuthnState)', () => {
  it.each([
    ['https://app.example', RP_ID, null, true],
    ['https://login.app.example', RP_ID, null, true],
    ['https://evilapp.example', RP_ID, null, false],
    ['https://app.example.evil', RP_ID, null, false],
    ['http://app.example', RP_ID, null, false],
    ['http://localhost:5173', 'localhost', null, true],
    ['https://app.example/', RP_ID, null, false],
    ['https://app.example:443', RP_ID, null, false],
    ['not a url', RP_ID, null, false],
    [42, RP_ID, null, false],
    ['https://other.example', RP_ID, ['https://other.example'], true],
    ['https://app.example', RP_ID, ['https://other.example'], false],
  ])('origin %j for %s (listed: %j): %s', (origin, rpId, listed, allowed) => {
    expect(isAllowedOrigin(origin, rpId, listed)).toBe(allowed);
  });

  it('resolves the option: off without it, the relying party from it or the domain, UV preferred', () => {
    expect(resolveWebAuthnConfig(undefined, 'https://auth.example')).toBeNull();
    expect(resolveWebAuthnConfig({}, 'https://auth.example.com')).toEqual({
      relyingPartyId: 'auth.example.com',
      allowedOrigins: null,
      userVerification: 'preferred',
      factorConfiguration: 'SINGLE_FACTOR',
    });
    expect(resolveWebAuthnConfig({}, null)?.relyingPartyId).toBeNull();
    const origins = ['https://a.example'];
    const resolved = resolveWebAuthnConfig(
      { relyingPartyId: RP_ID, allowedOrigins: origins, userVerification: 'required' },
      'https://auth.example.com',
    );
    expect(resolved).toEqual({
      relyingPartyId: RP_ID,
      allowedOrigins: origins,
      userVerification: 'required',
      factorConfiguration: 'SINGLE_FACTOR',
    });
    expect(resolved?.allowedOrigins).not.toBe(origins);
    expect(expectation({ ...resolved!, relyingPartyId: RP_ID }, 'c')).toEqual({
      challenge: 'c',
      relyingPartyId: RP_ID,
      allowedOrigins: origins,
      requireUserVerification: true,
    });
    expect(
      expectation(
        {
          relyingPartyId: RP_ID,
          allowedOrigins: null,
          userVerification: 'preferred',
          factorConfiguration: 'SINGLE_FACTOR',
        },
        'c',
      ).requireUserVerification,
    ).toBe(false);
  });

  it('passkeys that count as MFA must verify the user: UV required by default, preferred refused', () => {
    const multi = { factorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' } as const;
    expect(resolveWebAuthnConfig(multi, 'https://auth.example.com')).toMatchObject({
      userVerification: 'required',
      factorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION',
    });
    expect(
      resolveWebAuthnConfig({ ...multi, userVerification: 'required' }, null)?.userVerification,
    ).toBe('required');
    expect(() => resolveWebAuthnConfig({ ...multi, userVerification: 'preferred' }, null)).toThrow(
      new RangeError(
        "webAuthn.userVerification 'preferred' cannot go with factorConfiguration " +
          "'MULTI_FACTOR_WITH_USER_VERIFICATION': a passkey that counts as MFA must verify the user.",
      ),
    );
    expect(() =>
      resolveWebAuthnConfig(
        { factorConfiguration: 'MULTI_FACTOR' as 'SINGLE_FACTOR' },
        'https://auth.example.com',
      ),
    ).toThrow(
      new RangeError(
        `webAuthn.factorConfiguration must be 'SINGLE_FACTOR' or 'MULTI_FACTOR_WITH_USER_VERIFICATION', got "MULTI_FACTOR"`,
      ),
    );
  });

  it("lists one user's passkeys only", () => {
    const record = (username: string) => ({ username }) as never;
    const state = {
      webAuthn: { credentials: { a: record('alice'), b: record('bob') }, registrations: {} },
    };
    expect(userCredentials(state as never, 'alice')).toEqual([{ username: 'alice' }]);
  });
});

describe('a pool without passkeys, or without a relying party', () => {
  it('answers as Cognito does', async () => {
    usePool();
    // Refused before the access token is looked at.
    const AccessToken = '';
    expectError(
      await callApi('StartWebAuthnRegistration', { AccessToken }),
      'WebAuthnNotEnabledException',
      'Passkeys are not enabled for this user pool.',
    );
    const pool = usePool({ domain: undefined, webAuthn: {} } as never);
    await pool.addUser(ALICE);
    const signedIn = await signIn();
    expectError(
      await callApi('StartWebAuthnRegistration', { AccessToken: signedIn.AccessToken }),
      'WebAuthnConfigurationMissingException',
      'The user pool has no relying party id and no domain.',
    );
  });
});

describe('registration', () => {
  it('offers creation options Cognito-style: both algorithms, resident keys, five minutes', async () => {
    const { AccessToken } = await passkeyPool();
    const { credential } = await register(AccessToken, {}, ['internal', 'hybrid']);
    await register(AccessToken, {}, []);
    const options = await start(AccessToken);
    expect(options).toMatchObject({
      rp: { id: RP_ID, name: RP_ID },
      user: { name: ALICE.username, displayName: ALICE.username },
      challenge: expect.stringMatching(/^[\w-]{43}$/),
      pubKeyCredParams: [
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -257 },
      ],
      timeout: 300_000,
      authenticatorSelection: {
        residentKey: 'required',
        requireResidentKey: true,
        userVerification: 'preferred',
      },
      attestation: 'none',
    });
    expect(options.excludeCredentials).toHaveLength(2);
    expect(options.excludeCredentials).toContainEqual({
      type: 'public-key',
      id: credential.id,
      transports: ['internal', 'hybrid'],
    });
    expect(
      options.excludeCredentials.filter((item: object) => !('transports' in item)),
    ).toHaveLength(1);
  });

  it('refuses a missing Credential, and an answer with no registration under way or after five minutes', async () => {
    const { clock, AccessToken } = await passkeyPool();
    for (const Credential of [undefined, null, 'text']) {
      expectError(
        await complete(AccessToken, Credential),
        'InvalidParameterException',
        'Missing required parameter Credential',
      );
    }
    const notFound = [
      'WebAuthnChallengeNotFoundException',
      'No passkey registration is in progress.',
    ] as const;
    const credential = await newCredential(-7);
    const options = await start(AccessToken);
    const response = await registrationFor(credential, options.challenge);
    clock.advance(300_000);
    expectError(await complete(AccessToken, response), ...notFound);
    const fresh = await start(AccessToken);
    clock.advance(299_999);
    const answer = await complete(AccessToken, await registrationFor(credential, fresh.challenge));
    expect(answer).toMatchObject({ status: 200, json: {} });
    // The challenge is spent by that answer.
    expectError(await complete(AccessToken, response), ...notFound);
  });

  it('names each verification failure as Cognito does, and spends the challenge on it', async () => {
    const { AccessToken } = await passkeyPool({ userVerification: 'required' });
    const cases: Array<[Partial<Ceremony>, string]> = [
      [{ origin: 'https://evil.example' }, 'WebAuthnOriginNotAllowedException'],
      [{ rpIdHash: new Uint8Array(32) }, 'WebAuthnRelyingPartyMismatchException'],
      [{ challenge: 'AAAA' }, 'WebAuthnChallengeNotFoundException'],
      [{ flags: 0x41 }, 'WebAuthnCredentialNotSupportedException'],
      [{ flags: 0x44 }, 'InvalidParameterException'],
      [{ type: 'webauthn.get' }, 'InvalidParameterException'],
    ];
    for (const [change, type] of cases) {
      const { answer } = await register(AccessToken, change);
      expect([answer.status, answer.json.__type]).toEqual([400, type]);
    }
    const credential = await newCredential(-7);
    const options = await start(AccessToken);
    const good = await registrationFor(credential, options.challenge);
    expect((await complete(AccessToken, { ...good, rawId: 'x' })).json.__type).toBe(
      'InvalidParameterException',
    );
    expect((await complete(AccessToken, good)).json.__type).toBe(
      'WebAuthnChallengeNotFoundException',
    );
  });

  it('refuses a passkey registered already', async () => {
    const { AccessToken } = await passkeyPool();
    const credential = await newCredential(-7);
    for (const expectedStatus of [200, 400]) {
      const options = await start(AccessToken);
      const answer = await complete(
        AccessToken,
        await registrationFor(credential, options.challenge),
      );
      expect(answer.status).toBe(expectedStatus);
      if (expectedStatus === 400) {
        expectError(answer, 'InvalidParameterException', 'The passkey is already registered.');
      }
    }
  });
});

describe('listing and deleting', () => {
  it('lists oldest first with times in seconds, pages by MaxResults and refuses bad paging', async () => {
    const { clock, AccessToken } = await passkeyPool();
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      const { credential } = await register(AccessToken, {}, index === 0 ? ['usb'] : undefined);
      ids.push(credential.id);
      clock.advance(1_500);
    }
    const list = (input: object) => callApi('ListWebAuthnCredentials', { AccessToken, ...input });
    const all = await list({});
    expect(all.json.Credentials.map((item: { CredentialId: string }) => item.CredentialId)).toEqual(
      ids,
    );
    expect(all.json.Credentials[0]).toEqual({
      CredentialId: ids[0],
      FriendlyCredentialName: 'Passkey',
      RelyingPartyId: RP_ID,
      AuthenticatorAttachment: 'platform',
      AuthenticatorTransports: ['usb'],
      CreatedAt: Date.UTC(2026, 0, 1, 12) / 1000,
    });
    expect(all.json.Credentials[1].CreatedAt).toBe(Date.UTC(2026, 0, 1, 12) / 1000 + 1.5);
    expect(all.json).not.toHaveProperty('NextToken');
    const first = await list({ MaxResults: 2 });
    expect(first.json.Credentials).toHaveLength(2);
    expect(first.json.NextToken).toBe('2');
    const rest = await list({ MaxResults: 2, NextToken: first.json.NextToken });
    expect(
      rest.json.Credentials.map((item: { CredentialId: string }) => item.CredentialId),
    ).toEqual([ids[2]]);
    expect(rest.json).not.toHaveProperty('NextToken');
    expect((await list({ MaxResults: 0 })).json).toEqual({ Credentials: [], NextToken: '0' });
    expect((await list({ MaxResults: 20 })).status).toBe(200);
    for (const MaxResults of [-1, 21, 1.5, '5']) {
      expectError(
        await list({ MaxResults }),
        'InvalidParameterException',
        'MaxResults must be 0–20.',
      );
    }
    for (const NextToken of ['x', '-1', '1.5']) {
      expectError(await list({ NextToken }), 'InvalidParameterException', 'Invalid NextToken.');
    }
  });

  it("deletes one's own passkey, refuses a missing id and another user's passkey", async () => {
    const { pool, AccessToken } = await passkeyPool();
    const { credential } = await register(AccessToken);
    await pool.addUser({ username: 'bob', password: ALICE.password });
    const bob = await signIn('bob', ALICE.password);
    const remove = (token: string, CredentialId: unknown) =>
      callApi('DeleteWebAuthnCredential', { AccessToken: token, CredentialId });
    for (const id of [undefined, '', 7]) {
      expectError(
        await remove(AccessToken, id),
        'InvalidParameterException',
        'Missing required parameter CredentialId',
      );
    }
    expectError(
      await remove(bob.AccessToken, credential.id),
      'ResourceNotFoundException',
      'Credential not found.',
    );
    expect((await remove(AccessToken, credential.id)).status).toBe(200);
    expectError(
      await remove(AccessToken, credential.id),
      'ResourceNotFoundException',
      'Credential not found.',
    );
  });
});

describe('signing in with a passkey (USER_AUTH, WEB_AUTHN)', () => {
  const startSignIn = () =>
    callApi('InitiateAuth', {
      AuthFlow: 'USER_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: ALICE.username, PREFERRED_CHALLENGE: 'WEB_AUTHN' },
    });
  const answer = (Session: string, CREDENTIAL: unknown) =>
    callApi('RespondToAuthChallenge', {
      ClientId: POOL_CONFIG.clientId,
      ChallengeName: 'WEB_AUTHN',
      Session,
      ChallengeResponses: { USERNAME: ALICE.username, CREDENTIAL },
    });
  /** A fresh `WEB_AUTHN` step answered with `credential` signed on this page, `change` applied. */
  const signIn = async (credential: SoftCredential, change: Partial<Ceremony>) => {
    const challenge = await startSignIn();
    const options = requestOptions(challenge);
    const signed = await assertion(credential, {
      challenge: options.challenge,
      origin: ORIGIN,
      rpId: RP_ID,
      ...change,
    });
    return { signed, reply: await answer(challenge.json.Session, JSON.stringify(signed)) };
  };

  it('offers the passkeys with their transports for five minutes, and keeps the counter', async () => {
    const { AccessToken } = await passkeyPool();
    const { credential } = await register(AccessToken, {}, ['internal']);
    await register(AccessToken, {}, []);
    const challenge = await startSignIn();
    expect(challenge.json.ChallengeName).toBe('WEB_AUTHN');
    const options = requestOptions(challenge);
    expect(options).toMatchObject({ rpId: RP_ID, timeout: 300_000, userVerification: 'preferred' });
    expect(options.allowCredentials).toContainEqual({
      type: 'public-key',
      id: credential.id,
      transports: ['internal'],
    });
    expect(options.allowCredentials.filter((item: object) => !('transports' in item))).toHaveLength(
      1,
    );
    for (const missing of [undefined, '', 5]) {
      expectError(
        await answer(challenge.json.Session, missing),
        'InvalidParameterException',
        'Missing required parameter CREDENTIAL',
      );
    }
    const ceremony = { challenge: options.challenge, origin: ORIGIN, rpId: RP_ID };
    const signed = await assertion(credential, { ...ceremony, signCount: 7 });
    const done = await answer(challenge.json.Session, JSON.stringify(signed));
    expect(done.json.AuthenticationResult.AccessToken).toEqual(expect.any(String));
    // The stored counter is 7 now: a replay of 7 is refused.
    const again = await startSignIn();
    const againOptions = requestOptions(again);
    const replay = await assertion(credential, {
      ...ceremony,
      challenge: againOptions.challenge,
      signCount: 7,
    });
    const refused = await answer(again.json.Session, JSON.stringify(replay));
    expect(refused.json).toEqual({
      __type: 'NotAuthorizedException',
      message:
        'Invalid passkey credential: The signature counter did not increase: the authenticator may be cloned',
    });
  });

  it('reads the counter from base64url authenticator data, - and _ included', async () => {
    const { AccessToken } = await passkeyPool();
    const { credential } = await register(AccessToken);
    // Counter bytes fb ef ff encode as "--__" in the authenticator data's base64url.
    const counter = 0xfbefff01;
    const signInWith = async (signCount: number) => {
      const { signed, reply } = await signIn(credential, { signCount });
      expect(signed.response.authenticatorData).toContain('--__');
      return reply;
    };
    expect((await signInWith(counter)).status).toBe(200);
    expect((await signInWith(counter)).json.__type).toBe('NotAuthorizedException');
    expect((await signInWith(counter + 1)).status).toBe(200);
  });

  it('names an origin or relying party mismatch as Cognito does', async () => {
    const { AccessToken } = await passkeyPool();
    const { credential } = await register(AccessToken);
    const cases: Array<[Partial<Ceremony>, string]> = [
      [{ origin: 'https://evil.example' }, 'WebAuthnOriginNotAllowedException'],
      [{ rpIdHash: new Uint8Array(32) }, 'WebAuthnRelyingPartyMismatchException'],
      [{ breakSignature: true }, 'NotAuthorizedException'],
    ];
    for (const [change, type] of cases) {
      const { reply: refused } = await signIn(credential, change);
      expect(refused.json.__type).toBe(type);
      expect(refused.json.message).toMatch(/^Invalid passkey credential: /);
    }
  });

  it("refuses a user handle that is not the one registration gave (the user's sub), takes none", async () => {
    const { AccessToken } = await passkeyPool();
    const { credential } = await register(AccessToken);
    const own = credential.userHandle;
    credential.userHandle = 'dXNlcg';
    expect((await signIn(credential, {})).reply.json).toEqual({
      __type: 'NotAuthorizedException',
      message: "Invalid passkey credential: The passkey's user handle names another user",
    });
    for (const handle of [null, own]) {
      credential.userHandle = handle;
      expect((await signIn(credential, {})).reply.status).toBe(200);
    }
  });

  it('offers no passkey step to a user without passkeys', async () => {
    await passkeyPool();
    const challenge = await startSignIn();
    expect(challenge.json.ChallengeName).not.toBe('WEB_AUTHN');
  });

  it('offers no passkey step once passkeys are off, to a user who kept one from before', async () => {
    const storage = createMemoryPoolStore();
    await storage.transact((state) => {
      const passkey = fakePasskey('kept-passkey', ALICE.username);
      webAuthnStateOf(state).credentials[passkey.credentialId] = passkey;
    });
    // The same sign-in policy, the pool's passkey set-up gone (no `webAuthn`).
    const pool = usePool({
      storage,
      explicitAuthFlows: [...POOL_CONFIG.explicitAuthFlows, 'ALLOW_USER_AUTH'],
      userAuthFactors: ['PASSWORD', 'WEB_AUTHN'],
    });
    await pool.addUser(ALICE);
    const preferred = await startSignIn();
    expect(preferred.status).toBe(200);
    expect(preferred.json.ChallengeName).not.toBe('WEB_AUTHN');
    const choice = await callApi('InitiateAuth', {
      AuthFlow: 'USER_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: ALICE.username },
    });
    expect(choice.json.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
  });
});

describe('the signature counter when a passkey sign-in ends', () => {
  // Verification runs before the pool's transaction that ends the sign-in, so two sign-ins with
  // one passkey can both pass it against the same stored counter; which ends first cannot be
  // ordered over the wire, so the last check is called here directly.
  const ID = 'counted-passkey';
  const stateWith = (signCount: number | null) => {
    const credentials: Record<string, WebAuthnCredentialRecord> = {};
    if (signCount !== null) credentials[ID] = { ...fakePasskey(ID, ALICE.username), signCount };
    return { users: {}, webAuthn: { credentials, registrations: {} } } as unknown as PoolState;
  };
  // What the factor's `verify` hands on: the passkey and the counter it verified.
  const end = (state: PoolState, signCount: number) =>
    WEB_AUTHN_FACTOR.accept!(state, {} as FakeUser, { id: ID, signCount });
  const refused = { type: 'NotAuthorizedException', message: 'Invalid passkey credential.' };

  it('stores a counter that still grew, and refuses one another sign-in overtook', () => {
    const state = stateWith(7);
    end(state, 9);
    expect(webAuthnStateOf(state).credentials[ID]!.signCount).toBe(9);
    expect(() => end(state, 8)).toThrow(expect.objectContaining(refused));
    expect(() => end(state, 9)).toThrow(expect.objectContaining(refused));
    expect(webAuthnStateOf(state).credentials[ID]!.signCount).toBe(9);
  });

  it('lets a counter that stays 0 through, not one that fell back to 0, nor a deleted passkey', () => {
    const uncounted = stateWith(0);
    end(uncounted, 0);
    expect(webAuthnStateOf(uncounted).credentials[ID]!.signCount).toBe(0);
    // Verified against 0, ended after another sign-in stored 3: a counter that fell back to 0.
    const counted = stateWith(3);
    expect(() => end(counted, 0)).toThrow(expect.objectContaining(refused));
    expect(webAuthnStateOf(counted).credentials[ID]!.signCount).toBe(3);
    expect(() => end(stateWith(null), 1)).toThrow(expect.objectContaining(refused));
  });
});
