/**
 * The edges of passkeys (flows/passkeys.ts, passkeySignIn.ts, passkeyCeremony.ts): what a browser
 * without WebAuthn, each exception of its prompt and an answer that is not what AWS documents
 * become. passkeys.test.ts has the ceremonies that work; this file what each failure says.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionError } from '../errors.js';
import { readPasskey } from '../flows/passkeys.js';
import {
  answerNext,
  answerWebAuthnChallenge,
  issue,
  listPasskeys,
  registerPasskey,
  rejection,
  requestsOf,
  signInWithPasskey,
  startPool,
  startSession,
  USER,
  useMsw,
} from './harness.js';
import { softCredentials } from './softAuthenticator.js';

const ORIGIN = 'https://app.example';
const FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'] as const;
const OPTIONS = JSON.stringify({ challenge: 'AAEC', rpId: 'app.example' });

/** A `navigator.credentials` whose `create` and `get` do what the test says. */
function browser(credentials: Partial<CredentialsContainer> | undefined, extra = {}) {
  vi.stubGlobal('navigator', credentials === undefined ? undefined : { credentials });
  vi.stubGlobal('PublicKeyCredential', function PublicKeyCredential() {});
  for (const [name, value] of Object.entries(extra)) vi.stubGlobal(name, value);
}

function failing(error: unknown): Partial<CredentialsContainer> {
  return { create: () => Promise.reject(error), get: () => Promise.reject(error) };
}

afterEach(() => vi.unstubAllGlobals());

describe('a browser without passkeys', () => {
  const complete = { create: vi.fn(), get: vi.fn() };

  it.each<[string, () => void]>([
    ['no navigator', () => browser(undefined)],
    ['no navigator.credentials', () => vi.stubGlobal('navigator', {})],
    [
      'no PublicKeyCredential',
      () => {
        browser(complete);
        vi.stubGlobal('PublicKeyCredential', undefined);
      },
    ],
    ['no credentials.get', () => browser({ create: complete.create })],
    ['no credentials.create', () => browser({ get: complete.get })],
  ])('%s: a provider error naming the flow, nothing asked', async (_, set) => {
    set();
    const error = await rejection(answerWebAuthnChallenge(OPTIONS));
    expect(error.code).toBe('provider');
    expect(error.message).toBe(
      'answerWebAuthnChallenge(): this browser does not support passkeys (WebAuthn: ' +
        'navigator.credentials and PublicKeyCredential are missing).',
    );
    expect(complete.get).not.toHaveBeenCalled();
  });

  it('says the page is not served over https when it is not a secure context', async () => {
    vi.stubGlobal('navigator', {});
    vi.stubGlobal('isSecureContext', false);
    expect((await rejection(signInWithPasskey(null as never, 'alice'))).message).toBe(
      'signInWithPasskey(): this browser does not support passkeys (WebAuthn: ' +
        'navigator.credentials and PublicKeyCredential are missing; the page is not served over https).',
    );
    vi.stubGlobal('isSecureContext', true);
    expect((await rejection(answerWebAuthnChallenge(OPTIONS))).message).not.toContain('https');
  });
});

describe("the browser's prompt failing", () => {
  it.each<[string, SessionError['code'], string]>([
    [
      'NotAllowedError',
      'cancelled',
      'The passkey prompt was dismissed or timed out, or no passkey of this account is on this device.',
    ],
    ['AbortError', 'cancelled', 'The passkey prompt was aborted.'],
    [
      'SecurityError',
      'provider',
      "The browser refused the passkey's relying party id for this page (it must be the page's domain or a parent of it, served over https).",
    ],
    [
      'NotSupportedError',
      'provider',
      'No authenticator here supports what the user pool asks for (key algorithm or kind of passkey).',
    ],
    [
      'ConstraintError',
      'provider',
      'No authenticator here can do what the user pool requires (user verification or a discoverable passkey).',
    ],
    // Only a registration can meet a passkey the authenticator holds already.
    ['InvalidStateError', 'provider', "The browser's passkey sign-in failed."],
    ['toString', 'provider', "The browser's passkey sign-in failed."],
    ['UnknownError', 'provider', "The browser's passkey sign-in failed."],
  ])('%s at sign-in: %s, in words for the user', async (name, code, message) => {
    const thrown = new DOMException('the browser says', name);
    browser(failing(thrown));
    const error = await rejection(answerWebAuthnChallenge(OPTIONS));
    expect(error).toMatchObject({ code, message });
    expect(error.cause).toBe(thrown);
  });

  it('a prompt that resolves with nothing, or throws something that is no error', async () => {
    browser({ create: vi.fn(), get: () => Promise.resolve(null) });
    expect(await rejection(answerWebAuthnChallenge(OPTIONS))).toMatchObject({
      code: 'provider',
      message: "The browser's passkey sign-in failed.",
    });
    browser(failing(null));
    expect(await rejection(answerWebAuthnChallenge(OPTIONS))).toMatchObject({
      code: 'provider',
      cause: null,
    });
  });

  it('a SessionError from inside the ceremony passes through as it is', async () => {
    const own = new SessionError('network', 'offline');
    browser(failing(own));
    expect(await rejection(answerWebAuthnChallenge(OPTIONS))).toBe(own);
  });

  it.each<[string, unknown, string]>([
    ['text that is not JSON', '{challenge', 'CREDENTIAL_REQUEST_OPTIONS is not JSON.'],
    ['a JSON array', '[1]', 'CREDENTIAL_REQUEST_OPTIONS is not a JSON object.'],
    ['JSON null', 'null', 'CREDENTIAL_REQUEST_OPTIONS is not a JSON object.'],
    ['a JSON number', '42', 'CREDENTIAL_REQUEST_OPTIONS is not a JSON object.'],
    ['a number', 42, 'CREDENTIAL_REQUEST_OPTIONS is not a JSON object.'],
  ])('options that are %s: invalid_response, no prompt', async (_, options, message) => {
    const get = vi.fn();
    browser({ create: vi.fn(), get });
    expect(await rejection(answerWebAuthnChallenge(options))).toMatchObject({
      code: 'invalid_response',
      message,
    });
    expect(get).not.toHaveBeenCalled();
  });

  it('takes the options parsed as well as their text', async () => {
    const get = vi.fn((_: CredentialRequestOptions) => Promise.reject(new Error('stop')));
    browser({ create: vi.fn(), get });
    await rejection(answerWebAuthnChallenge(JSON.parse(OPTIONS)));
    await rejection(answerWebAuthnChallenge(OPTIONS));
    for (const [options] of get.mock.calls) {
      expect(new Uint8Array(options.publicKey?.challenge as ArrayBuffer)).toEqual(
        new Uint8Array([0, 1, 2]),
      );
    }
    expect(get).toHaveBeenCalledTimes(2);
  });
});

describe('registerPasskey and listPasskeys against unusual answers', () => {
  useMsw();
  beforeEach(() => browser(softCredentials(ORIGIN)));

  async function signedIn() {
    const pool = await startPool({
      webAuthn: { relyingPartyId: 'app.example' },
      explicitAuthFlows: [...FLOWS],
      userAuthFactors: ['PASSWORD', 'WEB_AUTHN'],
    });
    const { session } = startSession();
    await session.setTokens(await issue(pool));
    return { pool, session };
  }

  it.each([{}, null, { CredentialCreationOptions: null }])(
    'creation options missing from %j: invalid_response, nothing registered',
    async (body) => {
      const { pool, session } = await signedIn();
      answerNext('StartWebAuthnRegistration', body);
      expect(await rejection(registerPasskey(session))).toMatchObject({
        code: 'invalid_response',
        message: 'StartWebAuthnRegistration answered without CredentialCreationOptions.',
      });
      expect(requestsOf(pool, 'CompleteWebAuthnRegistration')).toEqual([]);
      // Nothing was left half-done: the next registration, answered by the pool, works.
      await registerPasskey(session);
      expect(await pool.passkeys(USER.username)).toHaveLength(1);
    },
  );

  it('creation options as text are read; text that is not JSON is refused by name', async () => {
    const { pool, session } = await signedIn();
    answerNext('StartWebAuthnRegistration', { CredentialCreationOptions: '{"rp":' });
    const error = await rejection(registerPasskey(session));
    expect(error).toMatchObject({
      code: 'invalid_response',
      message: 'CredentialCreationOptions is not JSON.',
    });
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(requestsOf(pool, 'CompleteWebAuthnRegistration')).toEqual([]);
  });

  it('a registration the authenticator holds already: challenge, with the exception as cause', async () => {
    const { session } = await signedIn();
    const thrown = new DOMException('credential excluded', 'InvalidStateError');
    browser(failing(thrown));
    expect(await rejection(registerPasskey(session))).toMatchObject({
      code: 'challenge',
      message:
        'This authenticator already holds a passkey for this account; use it, or choose another authenticator.',
      cause: thrown,
    });
  });

  it('a registration prompt failing: an unknown exception, and nothing created', async () => {
    const { pool, session } = await signedIn();
    browser({ create: () => Promise.reject(new TypeError('odd')), get: vi.fn() });
    expect(await rejection(registerPasskey(session))).toMatchObject({
      code: 'provider',
      message: "The browser's passkey registration failed.",
    });
    browser({ create: () => Promise.resolve(null), get: vi.fn() });
    expect(await rejection(registerPasskey(session))).toMatchObject({
      code: 'provider',
      message: "The browser's passkey registration failed.",
      cause: null,
    });
    expect(requestsOf(pool, 'CompleteWebAuthnRegistration')).toEqual([]);
  });

  it('sends MaxResults and NextToken only when given', async () => {
    const { session } = await signedIn();
    const taken: Record<string, unknown>[] = [];
    for (const options of [undefined, { nextToken: '' }, { maxResults: 5, nextToken: 'page-2' }]) {
      const sent = answerNext('ListWebAuthnCredentials', { Credentials: [] });
      await listPasskeys(session, options);
      taken.push(...sent);
    }
    expect(taken.map(({ AccessToken, ...rest }) => rest)).toEqual([
      {},
      {},
      { MaxResults: 5, NextToken: 'page-2' },
    ]);
  });

  it('keeps the entries with a credential id and a next page only when it is one', async () => {
    const { session } = await signedIn();
    const entry = { CredentialId: 'c-1', FriendlyCredentialName: 'Phone', CreatedAt: 1.5 };
    answerNext('ListWebAuthnCredentials', {
      Credentials: [entry, { FriendlyCredentialName: 'no id' }, { CredentialId: '' }, 'c-2', null],
      NextToken: '',
    });
    expect(await listPasskeys(session)).toEqual({ passkeys: [readPasskey(entry)] });
    answerNext('ListWebAuthnCredentials', { Credentials: 'c-1', NextToken: 7 });
    expect(await listPasskeys(session)).toEqual({ passkeys: [] });
    answerNext('ListWebAuthnCredentials', { Credentials: [], NextToken: 'next' });
    expect(await listPasskeys(session)).toEqual({ passkeys: [], nextToken: 'next' });
  });
});

describe('readPasskey', () => {
  it.each([null, 'c-1', 42, {}, { CredentialId: '' }, { CredentialId: 7 }])(
    'reads %j as no passkey',
    (raw) => {
      expect(readPasskey(raw)).toBeNull();
    },
  );

  it('keeps strings where strings are due, and reads both timestamp forms', () => {
    expect(
      readPasskey({
        CredentialId: 'c-1',
        FriendlyCredentialName: 5,
        RelyingPartyId: 'app.example',
        AuthenticatorAttachment: '',
        AuthenticatorTransports: ['internal', 3, null, 'hybrid'],
        CreatedAt: 1_767_225_600.5,
      }),
    ).toEqual({
      credentialId: 'c-1',
      friendlyCredentialName: '',
      relyingPartyId: 'app.example',
      authenticatorAttachment: undefined,
      authenticatorTransports: ['internal', 'hybrid'],
      createdAt: new Date(1_767_225_600_500),
    });
    expect(readPasskey({ CredentialId: 'c', CreatedAt: '2026-01-02T03:04:05Z' })).toMatchObject({
      authenticatorTransports: [],
      createdAt: new Date('2026-01-02T03:04:05Z'),
    });
    expect(readPasskey({ CredentialId: 'c', AuthenticatorTransports: 'usb' })).toMatchObject({
      authenticatorTransports: [],
    });
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 'yesterday', null, {}, ['2026-01-02']])(
    'reads a creation time of %s as none',
    (value) => {
      expect(readPasskey({ CredentialId: 'c', CreatedAt: value })?.createdAt).toBeUndefined();
    },
  );
});

describe('signInWithPasskey when Cognito offers no passkey', () => {
  useMsw();

  it('is a challenge error when the ways offered leave passkeys out: nothing selected', async () => {
    const pool = await startPool({
      explicitAuthFlows: [...FLOWS],
      userAuthFactors: ['PASSWORD', 'EMAIL_OTP'],
    });
    const get = vi.fn();
    browser({ create: vi.fn(), get });
    const { session } = startSession();
    expect(await rejection(signInWithPasskey(session, USER.username))).toMatchObject({
      code: 'challenge',
      message:
        'Cognito does not offer a passkey sign-in for this account (it has no passkey, or the user pool does not allow passkeys); sign in another way.',
    });
    expect(requestsOf(pool, 'RespondToAuthChallenge')).toEqual([]);
    expect(get).not.toHaveBeenCalled();
  });

  it('selects WEB_AUTHN when Cognito answers SELECT_CHALLENGE offering it, then prompts', async () => {
    const pool = await startPool({ explicitAuthFlows: [...FLOWS] });
    answerNext('InitiateAuth', {
      ChallengeName: 'SELECT_CHALLENGE',
      AvailableChallenges: ['PASSWORD', 'WEB_AUTHN'],
      Session: 'S'.repeat(40),
    });
    const selected = answerNext('RespondToAuthChallenge', {
      ChallengeName: 'WEB_AUTHN',
      ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: OPTIONS },
      Session: 'T'.repeat(40),
    });
    const get = vi.fn(() => Promise.reject(new DOMException('no', 'NotAllowedError')));
    browser({ create: vi.fn(), get });
    const { session } = startSession();
    expect(await rejection(signInWithPasskey(session, USER.username))).toMatchObject({
      code: 'cancelled',
    });
    expect(selected).toMatchObject([
      {
        ChallengeName: 'SELECT_CHALLENGE',
        Session: 'S'.repeat(40),
        ChallengeResponses: { USERNAME: USER.username, ANSWER: 'WEB_AUTHN' },
      },
    ]);
    expect(get).toHaveBeenCalledTimes(1);
    expect(pool.requests).toEqual([]);
  });

  it('hands back another step Cognito chose as it is, with no prompt', async () => {
    const pool = await startPool({
      explicitAuthFlows: [...FLOWS],
      userAuthFactors: ['PASSWORD', 'EMAIL_OTP'],
    });
    const taken = answerNext('InitiateAuth', {
      ChallengeName: 'EMAIL_OTP',
      ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL' },
      Session: 'S'.repeat(40),
    });
    const get = vi.fn();
    browser({ create: vi.fn(), get });
    const { session } = startSession();
    const step = await signInWithPasskey(session, USER.username);
    expect(step).toMatchObject({ status: 'challenge', name: 'EMAIL_OTP' });
    expect(step).not.toHaveProperty('select');
    expect(get).not.toHaveBeenCalled();
    expect(taken).toMatchObject([{ AuthParameters: { PREFERRED_CHALLENGE: 'WEB_AUTHN' } }]);
    expect(pool.requests).toEqual([]);
  });
});
