import { assertUsable, snapshotTokens, type TokenSnapshot } from '../claims.js';
import type { AccessTokenClaims } from '../claimsTypes.js';
import { SessionError } from '../errors.js';
import { callProvider, type ProviderCallSettings } from '../providerCall.js';
import type { IdentityProvider } from '../providers/types.js';
import { computeRefreshAt } from '../refreshPolicy.js';
import { newSessionId, type SessionStore, type StoredRead } from '../storage/recordStore.js';
import { sleep, type Timers } from '../timers.js';

/** A stored session, read and validated. */
export type RestoredSession = Extract<StoredRead, { status: 'present' }>;

/** What one refresh attempt found or did. */
export type RefreshAttempt =
  /** The provider answered; the new tokens are stored. */
  | { kind: 'refreshed'; next: TokenSnapshot; rotated: boolean }
  /** Storage holds tokens another tab refreshed (or another sign-in): take them instead. */
  | { kind: 'adopt'; stored: RestoredSession }
  /** Storage is empty: another tab signed out and cleared it. */
  | { kind: 'gone' }
  /** The session changed while the attempt ran (sign-out, setTokens, dispose): drop the result. */
  | { kind: 'superseded' };

/** What a refresh attempt needs from the session. */
export interface RefreshAttemptDeps {
  provider: IdentityProvider;
  store: SessionStore;
  providerCalls: ProviderCallSettings;
  now: () => number;
  leewaySeconds: number;
  maxClockSkewSeconds: number;
  /** Runs a task under the cross-tab lock. */
  withLock<T>(task: () => Promise<T>): Promise<T>;
  /** Whether other tabs share the stored record (re-read it before calling the network). */
  sharesStorage(): boolean;
  /** Whether storage failed and the record lives in this tab's memory. */
  hasFallenBack(): boolean;
}

/** The session's tokens as the attempt starts. */
export interface CurrentTokens {
  refreshToken: string;
  accessToken: string | undefined;
  /** The current access token's claims (Cognito reads its `device_key`). */
  accessClaims?: AccessTokenClaims | undefined;
  sessionId: string | null;
}

/** Whether tokens are already due for refresh (pure but for the clock). */
export function isDue(candidate: TokenSnapshot, leewaySeconds: number, now: number): boolean {
  const at = computeRefreshAt({
    issuedAt: candidate.issuedAt,
    expiresAt: candidate.expiresAt,
    leewaySeconds,
    now,
  });
  return at <= now;
}

/**
 * Under the lock, before calling the provider: what storage says another tab did. Returns the
 * attempt's outcome when it needs no request, else the refresh token to use (the stored one).
 */
async function rereadBeforeRefresh(
  deps: RefreshAttemptDeps,
  current: CurrentTokens,
  isSuperseded: () => boolean,
): Promise<RefreshAttempt | string> {
  const stored = await deps.store.read();
  if (isSuperseded()) return { kind: 'superseded' };
  if (stored.status === 'absent' && !deps.hasFallenBack()) return { kind: 'gone' };
  if (stored.status !== 'present') return current.refreshToken;
  if (stored.sessionId !== current.sessionId) return { kind: 'adopt', stored };
  const isNewer = stored.snapshot.tokens.accessToken !== current.accessToken;
  if (isNewer && !isDue(stored.snapshot, deps.leewaySeconds, deps.now())) {
    return { kind: 'adopt', stored };
  }
  return stored.snapshot.tokens.refreshToken ?? current.refreshToken;
}

/**
 * One refresh attempt, under the cross-tab lock: re-read storage and adopt what another tab
 * already refreshed; otherwise ask the provider and store the answer before letting go of the
 * lock. Only I/O happens here: the session changes its state and emits events after the lock
 * is released.
 */
export function attemptRefresh(
  deps: RefreshAttemptDeps,
  current: CurrentTokens,
  signal: AbortSignal,
  isSuperseded: () => boolean,
): Promise<RefreshAttempt> {
  const { provider, store, now } = deps;
  return deps.withLock(async (): Promise<RefreshAttempt> => {
    let token = current.refreshToken;
    if (deps.sharesStorage()) {
      // Another tab may have refreshed (or signed out) first: its result is in storage.
      const found = await rereadBeforeRefresh(deps, current, isSuperseded);
      if (typeof found !== 'string') return found;
      token = found;
    }
    const received = await callProvider(deps.providerCalls, signal, (context) =>
      provider.refresh(token, context, current.accessClaims),
    );
    if (isSuperseded()) return { kind: 'superseded' };
    const receivedAt = now();
    // An answer without a refresh token means "keep yours" (no rotation).
    const rotated = received.refreshToken !== undefined && received.refreshToken !== token;
    const next = snapshotTokens(
      { ...received, refreshToken: received.refreshToken ?? token },
      receivedAt,
      undefined,
      provider.opaqueAccessTokens,
    );
    provider.validate(next);
    // OpenID Connect Core 12.2: refreshed tokens must be the same user's.
    if (current.accessClaims && next.accessClaims.sub !== current.accessClaims.sub) {
      throw new SessionError('invalid_grant', 'The refreshed tokens belong to another user.', {
        signOutReason: 'invalid',
      });
    }
    assertUsable(next, receivedAt, deps.maxClockSkewSeconds);
    await store.write(next, current.sessionId ?? newSessionId());
    return { kind: 'refreshed', next, rotated };
  });
}

/**
 * After `invalid_grant`: looks in storage for the session holding another refresh token than the
 * one refused (another tab rotated it in the meantime). Without Web Locks that tab's write may
 * still be under way, so it looks `looks` times, a little longer apart each time.
 */
export async function findRotatedSession(
  deps: Pick<RefreshAttemptDeps, 'store'>,
  refused: string,
  sessionId: string | null,
  options: { looks: number; delayMs: number; timers: Timers; signal: AbortSignal },
): Promise<RestoredSession | undefined> {
  for (let look = 1; look <= options.looks; look++) {
    const stored = await deps.store.read();
    if (options.signal.aborted) return undefined;
    if (
      stored.status === 'present' &&
      (stored.sessionId !== sessionId || stored.snapshot.tokens.refreshToken !== refused)
    ) {
      return stored;
    }
    if (look < options.looks) await sleep(options.timers, options.delayMs * look, options.signal);
  }
  return undefined;
}
