/** One refresh, as every refresh endpoint of the fake performs it: redeem atomically, then sign. */
import type { PoolContext } from './poolContext.js';
import { type RefreshRejection, redeemRefreshToken } from './refreshTokens.js';
import { USER_DISABLED } from './signIn.js';
import { type SignedTokens, signTokens } from './tokenIssuer.js';

/** A refresh that worked, with the replacement refresh token when the client rotates. */
export type RefreshResult =
  | { ok: true; tokens: SignedTokens; rotatedRefreshToken: string | null }
  | { ok: false; reason: RefreshRejection };

/**
 * Redeems `refreshToken` for `clientId` and signs new tokens. Callers that must not rotate
 * (`REFRESH_TOKEN_AUTH`) refuse rotating clients before getting here. `deviceKey` is what the
 * request sent (`DeviceKey`, `AuthParameters.DEVICE_KEY`); a token bound to a device needs it.
 */
export async function refreshTokens(
  context: PoolContext,
  refreshToken: string,
  clientId: string,
  deviceKey?: unknown,
): Promise<RefreshResult> {
  const { config } = context;
  const redeemed = await context.store.transact((state) => {
    const outcome = redeemRefreshToken(
      state,
      refreshToken,
      {
        clientId,
        isRotating: config.isRotating,
        retryGracePeriodSeconds: config.retryGracePeriodSeconds,
      },
      context.now(),
      deviceKey,
    );
    return outcome.ok ? { outcome, user: state.users[outcome.record.username] } : { outcome };
  });
  const { outcome, user } = redeemed;
  if (!outcome.ok) return outcome;
  // redeemRefreshToken refuses tokens of users that no longer exist, so `user` is set here.
  const tokens = await signTokens(context, user!, outcome.record);
  return { ok: true, tokens, rotatedRefreshToken: outcome.rotatedRefreshToken };
}

/** JSON API error name and message for a refused refresh token. Wording partly unconfirmed (docs/cognito-wire.md §1). */
export const REFRESH_REJECTION_ERRORS: Record<RefreshRejection, readonly [string, string]> = {
  invalid: ['NotAuthorizedException', 'Invalid Refresh Token.'],
  disabled: ['NotAuthorizedException', USER_DISABLED],
  expired: ['NotAuthorizedException', 'Refresh Token has expired'],
  revoked: ['NotAuthorizedException', 'Refresh Token has been revoked'],
  reused: ['RefreshTokenReuseException', 'Refresh Token has been rotated and is no longer valid.'],
};
