import type { SessionState } from '@sessionkit/core';
import { shallowEqual, useSession, useSessionClient } from '@sessionkit/react';
import { useEffect, useState } from 'react';
import { useDemo } from '../demoContext';
import { TokenLifetimeControl } from './TokenLifetimeControl';

/** The times the countdown needs, skew-corrected to the local clock as the session keeps them. */
const selectTiming = (state: SessionState) =>
  state.status === 'signedIn'
    ? {
        issuedAt: Math.max(state.user.iat, state.accessClaims.iat) * 1000 - state.clockSkewMs,
        expiresAt: state.expiresAt,
        refreshAt: state.refreshAt,
        clockSkewMs: state.clockSkewMs,
        refreshing: state.refreshing,
        error: state.error?.message ?? null,
      }
    : null;

/** The wall clock, re-read every `intervalMs`. */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

const seconds = (ms: number) => `${Math.max(0, Math.ceil(ms / 1000))} s`;

/**
 * A live countdown to the next automatic refresh: the state's `refreshAt`, the time the session
 * scheduled it for (at `exp − leeway`, or at half-life for tokens shorter than twice the leeway;
 * after a failure, when it retries), or `null` when none is scheduled.
 */
export function RefreshPanel() {
  const session = useSessionClient();
  const { backend } = useDemo();
  const timing = useSession(selectTiming, shallowEqual);
  const now = useNow(250);
  const [refreshError, setRefreshError] = useState<string | null>(null);
  if (!timing) return null;

  const { refreshAt } = timing;
  const lifetimeSeconds = Math.round((timing.expiresAt - timing.issuedAt) / 1000);
  const refreshNow = () => {
    setRefreshError(null);
    session.refresh().catch((error: unknown) => setRefreshError(String(error)));
  };

  return (
    <section className="card refresh" aria-labelledby="refresh-title">
      <h2 id="refresh-title">Next refresh</h2>
      <p className="countdown" data-testid="next-refresh">
        {timing.refreshing
          ? 'refreshing…'
          : refreshAt === null
            ? 'none scheduled'
            : `in ${seconds(refreshAt - now)}`}
      </p>
      <dl>
        <dt>Refresh at</dt>
        <dd>{refreshAt === null ? '—' : new Date(refreshAt).toLocaleTimeString()}</dd>
        <dt>Tokens expire</dt>
        <dd>
          {new Date(timing.expiresAt).toLocaleTimeString()} (in {seconds(timing.expiresAt - now)},
          lifetime {lifetimeSeconds} s)
        </dd>
        <dt>Clock skew</dt>
        <dd>{timing.clockSkewMs} ms</dd>
      </dl>
      {timing.error && (
        <p className="error" role="status">
          Refresh failing, will retry: {timing.error}
        </p>
      )}
      {refreshError && <p className="error">{refreshError}</p>}
      <div className="actions">
        <button type="button" className="secondary" onClick={refreshNow} data-testid="refresh-now">
          Refresh now
        </button>
      </div>
      {backend.kind === 'fake' && <TokenLifetimeControl setting={backend.tokenLifetime} />}
    </section>
  );
}
