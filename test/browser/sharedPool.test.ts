import { describe, expect, it } from 'vitest';
import { useBrowser } from '../src/useBrowser.js';

const suite = useBrowser();

/** The `kid` of a JWT's header: which signing key minted it. */
function keyIdOf(jwt: string): unknown {
  const [header = ''] = jwt.split('.');
  return JSON.parse(Buffer.from(header, 'base64url').toString('utf8')).kid;
}

describe('the fake pool in an MSW service worker, across two tabs of one origin', () => {
  it('accepts in tab B a refresh token issued in tab A, and B sees a revocation made in A', async () => {
    const group = await suite.openTabGroup();
    const [a, b] = await group.openTabs(2);
    if (!a || !b) throw new Error('two tabs expected');
    await group.callAll('start', { createSession: false });

    const issued = await a.call('issueTokens', 'alice');
    const accepted = await b.call('rawRefresh', issued.refreshToken);

    expect(accepted.status).toBe(200);
    const result = (accepted.body as { AuthenticationResult?: Record<string, unknown> })
      .AuthenticationResult;
    expect(result?.AccessToken).toEqual(expect.any(String));
    // One pool: B signs with the keys A created (they live in IndexedDB, not in A's memory).
    expect(keyIdOf(String(result?.AccessToken))).toBe(keyIdOf(issued.accessToken));

    await a.call('revokeAll', 'alice');
    const refused = await b.call('rawRefresh', issued.refreshToken);

    expect(refused.status).toBe(400);
    expect(refused.errorType).toBe('NotAuthorizedException');
    // B's own handlers answered both calls through the worker; A's saw none of them.
    const bRequests = await b.call('poolRequests');
    expect(bRequests.map((request) => request.operation)).toEqual([
      'GetTokensFromRefreshToken',
      'GetTokensFromRefreshToken',
    ]);
    expect(bRequests.every((request) => request.refreshToken === issued.refreshToken)).toBe(true);
    expect(await a.call('poolRequests')).toEqual([]);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});
