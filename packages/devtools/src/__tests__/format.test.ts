import { describe, expect, it } from 'vitest';
import {
  claimText,
  clockTime,
  dateTime,
  duration,
  eventText,
  relative,
  TIME_CLAIMS,
  userName,
} from '../format.js';

// Local times, so the suite reads the same in every time zone.
const AT = new Date(2026, 0, 5, 7, 8, 9).getTime();

describe('times and durations', () => {
  it('writes clock and date times with two digits each, months counted from 1', () => {
    expect(clockTime(AT)).toBe('07:08:09');
    expect(dateTime(AT)).toBe('2026-01-05 07:08:09');
    expect(dateTime(new Date(2026, 11, 24, 23, 59, 30).getTime())).toBe('2026-12-24 23:59:30');
  });

  it.each([
    [0, '0 ms'],
    [849.6, '850 ms'],
    [999, '999 ms'],
    [-999, '999 ms'],
    [1_000, '1 s'],
    [59_999, '59 s'],
    [-12_500, '12 s'],
    [60_000, '1 m 0 s'],
    [250_000, '4 m 10 s'],
    [3_599_999, '59 m 59 s'],
    [3_600_000, '1 h 0 m'],
    [7_500_000, '2 h 5 m'],
  ])('%d ms reads "%s"', (ms, text) => {
    expect(duration(ms)).toBe(text);
  });

  it('says "in" for what is ahead (now included) and "ago" for what is past', () => {
    expect(relative(AT + 250_000, AT)).toBe('in 4 m 10 s');
    expect(relative(AT, AT)).toBe('in 0 ms');
    expect(relative(AT - 12_000, AT)).toBe('12 s ago');
  });
});

describe('userName', () => {
  it.each([
    [{ sub: 's', email: 'ada@example.com', 'cognito:username': 'ada' }, 'ada@example.com'],
    [{ sub: 's', email: '', 'cognito:username': 'ada' }, 'ada'],
    [{ sub: 's', preferred_username: 'lovelace', username: 'u' }, 'lovelace'],
    [{ sub: 's', username: 'u' }, 'u'],
    [{ sub: 's', email: 42 }, 's'],
    [{ sub: '' }, '(unnamed)'],
  ])('%j is "%s"', (claims, name) => {
    expect(userName(claims as never)).toBe(name);
  });
});

describe('claimText', () => {
  it('shows the time claims as local dates with the time left, other numbers as numbers', () => {
    expect([...TIME_CLAIMS].sort()).toEqual(['auth_time', 'exp', 'iat', 'nbf', 'updated_at']);
    const seconds = AT / 1000;
    for (const name of TIME_CLAIMS) {
      expect(claimText(name, seconds + 60, AT)).toBe('2026-01-05 07:09:09 (in 1 m 0 s)');
    }
    expect(claimText('exp', seconds - 5, AT)).toBe('2026-01-05 07:08:04 (5 s ago)');
    expect(claimText('exp', 'soon', AT)).toBe('soon');
    expect(claimText('version', seconds, AT)).toBe(String(seconds));
  });

  it('writes strings as they are and other values as JSON', () => {
    expect(claimText('email', 'ada@example.com', AT)).toBe('ada@example.com');
    expect(claimText('cognito:groups', ['admin', 'ops'], AT)).toBe('["admin","ops"]');
    expect(claimText('flag', true, AT)).toBe('true');
    expect(claimText('nothing', null, AT)).toBe('null');
    expect(claimText('missing', undefined, AT)).toBe('undefined');
  });

  it('never shows a JWT, alone, inside a string or inside a value', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJl';
    for (const value of [jwt, `Bearer ${jwt}`, { inner: jwt }, [jwt]]) {
      expect(claimText('custom:token', value, AT)).toBe('(a token: hidden)');
    }
    // Short pieces are not tokens.
    expect(claimText('custom:note', 'eyJ.abc', AT)).toBe('eyJ.abc');
    expect(claimText('custom:note', 'eyJabcdefgh.abcdefg', AT)).toBe('eyJabcdefgh.abcdefg');
  });
});

describe('eventText', () => {
  const error = { code: 'network', message: 'The provider did not answer.' } as never;

  it('names who signed in, or says only that someone did', () => {
    expect(eventText('signedIn', { user: { sub: 's', email: 'ada@example.com' } } as never)).toBe(
      'signed in as ada@example.com',
    );
    expect(eventText('signedIn', {} as never)).toBe('signed in');
  });

  it('gives the reason of a sign-out and the source of changed tokens', () => {
    expect(eventText('signedOut', { reason: 'refreshTokenRevoked' } as never)).toBe(
      'signed out (refreshTokenRevoked)',
    );
    expect(eventText('tokensChanged', { source: 'otherTab' } as never)).toBe(
      'tokens changed (source: otherTab)',
    );
  });

  it('says when refreshed tokens expire and whether the refresh token rotated', () => {
    const tokens = { expiresAt: AT, refreshTokenRotated: false };
    expect(eventText('refreshed', { tokens } as never)).toBe(
      'refreshed: the new tokens expire at 07:08:09',
    );
    expect(
      eventText('refreshed', { tokens: { ...tokens, refreshTokenRotated: true } } as never),
    ).toBe('refreshed: the new tokens expire at 07:08:09, refresh token rotated');
    expect(eventText('refreshed', {} as never)).toBe('refreshed');
  });

  it('says whether and when a failed refresh is retried', () => {
    expect(eventText('refreshFailed', { error, willRetry: true, retryInMs: 2_000 })).toBe(
      'refresh failed (network): The provider did not answer. retry in 2 s',
    );
    expect(eventText('refreshFailed', { error, willRetry: true, retryInMs: 0 })).toBe(
      'refresh failed (network): The provider did not answer. retry in 0 ms',
    );
    expect(eventText('refreshFailed', { error, willRetry: false, retryInMs: 2_000 } as never)).toBe(
      'refresh failed (network): The provider did not answer. no retry',
    );
    expect(eventText('refreshFailed', { error, willRetry: true } as never)).toBe(
      'refresh failed (network): The provider did not answer. no retry',
    );
  });

  it('gives the error of other events, or their type', () => {
    expect(eventText('error', { error } as never)).toBe('network: The provider did not answer.');
    expect(eventText('storageFallback', { error } as never)).toBe(
      'network: The provider did not answer.',
    );
    expect(eventText('storageFallback', {} as never)).toBe('storageFallback');
  });
});
