/**
 * A signed-in token snapshot for the unit suites of the session's state (the reducer, the state
 * hub): claims that hold, times in ms. Tokens are short names, since no suite decodes them.
 */
import type { TokenSnapshot } from '../claims.js';

export const tokenSnapshot = ({ idToken = 'i', accessToken = 'a' } = {}) =>
  ({
    tokens: { idToken, accessToken, refreshToken: 'r' },
    user: { sub: 's', iss: 'x', aud: 'c', exp: 2, iat: 1 },
    accessClaims: { sub: 's', iss: 'x', exp: 2, iat: 1 },
    receivedAt: 1000,
    clockSkewMs: 0,
    expiresAt: 2000,
    issuedAt: 1000,
  }) satisfies TokenSnapshot;
