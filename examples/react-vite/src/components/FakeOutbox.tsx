import type { SentCode } from '@sessionkit/core/testing';
import { useEffect, useState } from 'react';

/** How often the panel reads the pool's outbox (every tab's codes: the pool is shared). */
const POLL_MS = 1000;
/** How many codes the panel lists, newest first. */
const SHOWN = 8;

const PURPOSES: Record<string, string> = {
  SIGN_UP: 'confirm the sign-up',
  FORGOT_PASSWORD: 'reset the password',
  VERIFY_ATTRIBUTE: 'verify the email address',
  SIGN_IN: 'sign in',
  MFA: 'MFA',
};

/**
 * The codes the fake pool "sent" (`pool.sentCodes()`): a real pool emails them (or texts them),
 * so the demo shows them here. Rendered only on the fake pool (App.tsx keeps it behind
 * `__SESSIONKIT_FAKE_POOL__`, so a real-pool build has none of it).
 */
export function FakeOutbox({ sentCodes }: { sentCodes(): Promise<SentCode[]> }) {
  const [codes, setCodes] = useState<SentCode[]>([]);
  useEffect(() => {
    let current = true;
    const read = () =>
      sentCodes().then(
        (list) => {
          if (!current) return;
          // A new array only when something was sent: no re-render every second.
          setCodes((previous) =>
            previous.length === list.length && previous.at(-1)?.time === list.at(-1)?.time
              ? previous
              : list,
          );
        },
        () => undefined,
      );
    void read();
    const timer = setInterval(read, POLL_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [sentCodes]);
  const latest = codes.slice(-SHOWN).reverse();
  return (
    <section className="card outbox" aria-labelledby="outbox-title" data-testid="outbox">
      <h2 id="outbox-title">Fake pool outbox — a real pool would email this</h2>
      <p className="hint">
        The codes the fake pool sent for sign-ups, password resets, email changes and sign-in codes,
        newest first. With your own pool they arrive by email (or SMS) instead.
      </p>
      {latest.length === 0 ? (
        <p className="hint">Nothing sent yet.</p>
      ) : (
        <ol className="outbox-list">
          {latest.map((sent) => {
            const purpose = sent.purpose ?? 'MFA';
            return (
              <li
                key={`${sent.time}-${sent.username}-${sent.code}`}
                data-testid="outbox-entry"
                data-username={sent.username}
                data-purpose={purpose}
              >
                <time>{new Date(sent.time).toLocaleTimeString()}</time> To {sent.destination} (
                {sent.username}), to {PURPOSES[purpose] ?? purpose}:{' '}
                <code className="outbox-code" data-testid="outbox-code">
                  {sent.code}
                </code>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
