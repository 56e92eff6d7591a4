/**
 * The small parts every provider call goes through: reading `Retry-After`, a string field of an
 * answer, a domain option as an origin, the request timeout around a call, and what `cognito()`
 * refuses to be created with.
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isSessionError, SessionError, toSessionError } from '../errors.js';
import { callProvider } from '../providerCall.js';
import { withOpenId } from '../providers/authorizationCode.js';
import { cognito } from '../providers/cognito/cognito.js';
import { hostedSignInOf } from '../providers/cognito/cognitoHostedSignIn.js';
import { parseRetryAfter, stringField, toOrigin } from '../providers/http.js';
import type { ProviderContext } from '../providers/types.js';
import { sleep, type Timers } from '../timers.js';
import { rejection } from './harness.js';

const NOW = Date.UTC(2026, 0, 1);

describe('SessionError', () => {
  it('is recognised from another copy of sessionkit in the page, by name and code', () => {
    // Another bundle's class: instanceof fails, its name and code are the same.
    class SessionErrorOfAnotherCopy extends Error {
      override readonly name = 'SessionError';
      readonly code = 'network';
    }
    const foreign = new SessionErrorOfAnotherCopy('Could not reach the provider.');
    expect(foreign).not.toBeInstanceOf(SessionError);
    expect(isSessionError(foreign)).toBe(true);
    expect(toSessionError(foreign, 'storage', 'Reading failed.')).toBe(foreign);
    const named = Object.assign(new Error('x'), { name: 'SessionError' });
    for (const value of [named, { name: 'Error', code: 'network' }, null, 'SessionError']) {
      expect(isSessionError(value)).toBe(false);
    }
    const wrapped = toSessionError(named, 'storage', 'Reading failed.');
    expect(wrapped).toMatchObject({ code: 'storage', message: 'Reading failed.', cause: named });
  });

  it('has a cause only when it was given one', () => {
    expect(Object.hasOwn(new SessionError('network', 'Offline.'), 'cause')).toBe(false);
    const cause = new TypeError('Failed to fetch');
    expect(new SessionError('network', 'Offline.', { cause }).cause).toBe(cause);
  });
});

describe('parseRetryAfter (RFC 9110 section 10.2.3)', () => {
  // biome-ignore format: one case per line reads as the table it is
  it.each([
    [null, undefined],
    ['', undefined],
    ['5', 5_000],
    [' 120 ', 120_000],
    ['0', 0],
    ['Thu, 01 Jan 2026 00:01:00 GMT', 60_000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['soon', undefined],
    ['x5', undefined],
    ['5x', undefined],
  ])('%j is %j ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it('reads several digits as one number of seconds, not a date', () => {
    // Date.parse('12') is a date in 2001: read as a date this would be 0 ms.
    expect(parseRetryAfter('12', NOW)).toBe(12_000);
  });
});

describe('stringField', () => {
  // biome-ignore format: one case per line reads as the table it is
  it.each([
    [{ token: 'abc' }, 'abc'],
    [{ token: '' }, undefined],
    [{ token: 42 }, undefined],
    [{ token: null }, undefined],
    [{ other: 'abc' }, undefined],
    [null, undefined],
    ['token', undefined],
    [undefined, undefined],
  ])('%j gives %j', (value, expected) => {
    expect(stringField(value, 'token')).toBe(expected);
  });
});

describe('withOpenId', () => {
  it('asks for openid first when the scopes lack it (no ID token without it), once when not', () => {
    expect(withOpenId(['email', 'profile'])).toEqual(['openid', 'email', 'profile']);
    expect(withOpenId([])).toEqual(['openid']);
    const scopes = ['email', 'openid'];
    expect(withOpenId(scopes)).toEqual(['email', 'openid']);
    expect(withOpenId(scopes)).not.toBe(scopes);
  });
});

describe('toOrigin', () => {
  // biome-ignore format: one case per line reads as the table it is
  it.each([
    ['auth.example.com', 'https://auth.example.com'],
    ['auth.example.com/', 'https://auth.example.com'],
    ['https://auth.example.com', 'https://auth.example.com'],
    ['https://auth.example.com//', 'https://auth.example.com'],
    ['HTTPS://Auth.example.com/', 'HTTPS://Auth.example.com'],
    ['http://localhost:9229', 'http://localhost:9229'],
    ['http://localhost:9229/', 'http://localhost:9229'],
  ])('%s is %s', (value, expected) => {
    expect(toOrigin(value)).toBe(expected);
  });
});

/** Timers whose timeouts fire only when `fire()` is called. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  const timers: Timers = {
    setTimeout: (callback) => {
      next += 1;
      pending.set(next, callback);
      return next;
    },
    clearTimeout: (handle) => {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    pending,
    fire() {
      for (const [id, callback] of [...pending]) {
        pending.delete(id);
        callback();
      }
    },
  };
}

describe('sleep', () => {
  const settled = async (promise: Promise<void>) => {
    let done = false;
    void promise.then(() => {
      done = true;
    });
    await Promise.resolve();
    await Promise.resolve();
    return done;
  };

  it('resolves after its time, at once on abort, and at once when already aborted', async () => {
    const clock = manualTimers();
    const controller = new AbortController();
    const timed = sleep(clock.timers, 500, controller.signal);
    expect(await settled(timed)).toBe(false);
    clock.fire();
    expect(await settled(timed)).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);

    const cut = sleep(clock.timers, 500, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    expect(await settled(cut)).toBe(true);
    expect(clock.pending.size).toBe(0);

    const late = sleep(clock.timers, 500, controller.signal);
    expect(await settled(late)).toBe(true);
    expect(clock.pending.size).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe('callProvider', () => {
  const settings = (timers: Timers) => ({
    timers,
    timeoutMs: 4_000,
    fetch: () => fetch,
    now: () => NOW,
  });

  it('a call past the timeout is a retryable timeout error, and its request is aborted', async () => {
    const clock = manualTimers();
    let seen: ProviderContext | undefined;
    const call = callProvider(settings(clock.timers), new AbortController().signal, (context) => {
      seen = context;
      return new Promise<never>(() => {});
    });
    clock.fire();
    const error = await rejection(call);
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect(error.message).toBe('The provider did not answer within 4000 ms.');
    expect(seen?.signal.aborted).toBe(true);
  });

  it('is a timeout even for a call that rejects the moment its request is aborted', async () => {
    const clock = manualTimers();
    let seen: ProviderContext | undefined;
    const call = callProvider(settings(clock.timers), new AbortController().signal, (context) => {
      seen = context;
      return new Promise<never>((_, reject) => {
        context.signal.addEventListener('abort', () => reject(new TypeError('Failed to fetch')));
      });
    });
    clock.fire();
    expect(await rejection(call)).toMatchObject({ code: 'timeout', retryable: true });
    expect(seen?.signal.aborted).toBe(true);
  });

  it("aborts the call's request when the session aborts (sign-out, dispose)", async () => {
    const clock = manualTimers();
    const parent = new AbortController();
    let seen: ProviderContext | undefined;
    const call = callProvider(settings(clock.timers), parent.signal, (context) => {
      seen = context;
      return new Promise<string>((_, reject) => {
        context.signal.addEventListener('abort', () => reject(new Error('aborted')));
      });
    });
    parent.abort();
    await expect(call).rejects.toThrow('aborted');
    expect(seen?.signal.aborted).toBe(true);
  });

  it("leaves no listener on the session's signal after a call, however it ended", async () => {
    const clock = manualTimers();
    const parent = new AbortController();
    await callProvider(settings(clock.timers), parent.signal, async () => 'tokens');
    await callProvider(settings(clock.timers), parent.signal, async () => {
      throw new Error('refused');
    }).catch(() => {});
    const late = callProvider(settings(clock.timers), parent.signal, () => new Promise(() => {}));
    clock.fire();
    await late.catch(() => {});
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
    expect(clock.pending.size).toBe(0);
  });
});

describe('cognito() options', () => {
  const base = { userPoolId: 'eu-west-1_AbC123', clientId: 'client' };

  it.each(['userPoolId', 'clientId'])('refuses a missing or empty %s', (name) => {
    expect(() => cognito({ ...base, [name]: '' })).toThrow(
      new TypeError(`cognito(): "${name}" is required.`),
    );
    expect(() => cognito({ ...base, [name]: undefined } as unknown as typeof base)).toThrow(
      new TypeError(`cognito(): "${name}" is required.`),
    );
  });

  it('refreshWith "oauth2" needs the pool domain', () => {
    expect(() => cognito({ ...base, refreshWith: 'oauth2' })).toThrow(
      new TypeError('cognito(): refreshWith "oauth2" needs the user pool "domain".'),
    );
    expect(cognito({ ...base, refreshWith: 'oauth2', domain: 'auth.example.com' })).toMatchObject({
      refreshWith: 'oauth2',
      domainUrl: 'https://auth.example.com',
    });
  });

  it("builds Cognito's managed login from the provider's settings, only when a redirect flow asks", async () => {
    const provider = cognito({
      ...base,
      domain: 'auth.example.com/',
      redirectUri: 'https://app.example.com/cb',
      scopes: ['openid', 'aws.cognito.signin.user.admin'],
    });
    expect(provider).not.toHaveProperty('hostedSignIn');
    const hosted = hostedSignInOf(provider);
    expect(hosted).toMatchObject({
      clientId: base.clientId,
      defaultRedirectUri: 'https://app.example.com/cb',
      defaultScopes: ['openid', 'aws.cognito.signin.user.admin'],
      identityProviderParameter: 'identity_provider',
      idpIdentifierParameter: 'idp_identifier',
      languageParameter: 'lang',
    });
    expect(await hosted?.endpoints({} as unknown as ProviderContext)).toEqual({
      authorization: 'https://auth.example.com/oauth2/authorize',
      token: 'https://auth.example.com/oauth2/token',
      logout: { url: 'https://auth.example.com/logout', style: 'cognito' },
    });
    expect(hostedSignInOf(cognito(base))).toMatchObject({
      defaultRedirectUri: undefined,
      defaultScopes: ['openid', 'email', 'profile'],
    });
    // A provider's own hosted sign-in wins; a provider with none has none.
    const own = { ...hosted!, clientId: 'own' };
    expect(hostedSignInOf({ ...provider, hostedSignIn: own })).toBe(own);
    const { kind: _kind, ...custom } = provider;
    expect(hostedSignInOf(custom)).toBeUndefined();
  });

  it('redirect sign-in without the pool domain is a provider error naming the option', async () => {
    const error = await rejection(
      Promise.resolve().then(() =>
        hostedSignInOf(cognito(base))?.endpoints({} as unknown as ProviderContext),
      ),
    );
    expect(error).toMatchObject({ code: 'provider' });
    expect(error.message).toBe(
      'Redirect sign-in needs the user pool domain: pass cognito({ domain }).',
    );
  });

  it.each(['xeu-west-1_AbC123', 'eu-west-1_AbC123/x', 'eu-west-1_', 'EU-WEST-1_AbC123'])(
    'reads no region from %j (not a pool id) and asks for one',
    (userPoolId) => {
      let thrown: unknown;
      try {
        cognito({ userPoolId, clientId: 'client' });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TypeError);
      expect(isSessionError(thrown)).toBe(false);
      expect(String(thrown)).toContain('pass "region" too');
    },
  );

  it('reads a region numbered past 9 from the pool id', () => {
    expect(cognito({ userPoolId: 'ap-southeast-12_AbC123', clientId: 'client' }).region).toBe(
      'ap-southeast-12',
    );
  });
});
