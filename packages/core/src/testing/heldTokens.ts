import { internalsOf } from '../session/internals.js';
import type { Session } from '../session.js';
import type { TokenSet } from '../types.js';

/**
 * The tokens a session holds, its refresh token included, for tests: a session's state never
 * carries the refresh token (only `hasRefreshToken`), but a test may need to compare it (which
 * one a tab holds after a rotation, which one reached the pool). `null` when signed out.
 *
 * @example
 * ```ts
 * import { expect } from 'vitest';
 * import { heldTokens } from '@sessionkit/core/testing';
 *
 * await session.refresh();
 * expect(pool.requests.at(-1)?.body).toMatchObject({ RefreshToken: heldTokens(session)?.refreshToken });
 * ```
 */
export function heldTokens(session: Session): TokenSet | null {
  return internalsOf(session).heldTokens() ?? null;
}
