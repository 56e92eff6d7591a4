import {
  deletePasskey,
  isSessionError,
  listPasskeys,
  type Passkey,
  type PasskeyList,
  registerPasskey,
  type Session,
  setMfaPreference,
} from '@sessionkit/core';
import { useFlow } from '@sessionkit/react';
import { useEffect, useState } from 'react';
import { messageOf } from '../errorMessage';

/**
 * `registerPasskey` (the browser's prompt), then passkey MFA on, then the list again. A user who
 * has MFA signs in with a passkey only with passkey MFA on, where the pool's passkeys count as MFA
 * (the demo pool's do; docs/passkeys.md). A pool whose passkeys do not count as MFA refuses it
 * (`provider`, InvalidParameterException): the passkey is registered all the same, and signs in
 * users who have no MFA.
 */
async function addPasskey(session: Session): Promise<PasskeyList> {
  await registerPasskey(session);
  try {
    await setMfaPreference(session, { passkey: 'enabled' });
  } catch (error) {
    if (!isSessionError(error) || error.providerCode !== 'InvalidParameterException') throw error;
  }
  return listPasskeys(session);
}

/** `deletePasskey`, then the list again. */
async function removePasskey(session: Session, credentialId: string): Promise<PasskeyList> {
  await deletePasskey(session, credentialId);
  return listPasskeys(session);
}

/**
 * The signed-in user's passkeys (docs/passkeys.md): listed, added from a click (the browser asks
 * for a fingerprint, face or PIN) and deleted. Signed out, "Passkey" signs in with one.
 */
export function PasskeysPanel() {
  const list = useFlow(listPasskeys);
  const add = useFlow(addPasskey);
  const remove = useFlow(removePasskey);
  // The list as the latest of the three flows brought it back.
  const [passkeys, setPasskeys] = useState<readonly Passkey[] | null>(null);
  const show = (page: PasskeyList | undefined) => {
    if (page) setPasskeys(page.passkeys);
  };
  const { run: runList } = list;
  useEffect(() => {
    void runList().then((page) => {
      if (page) setPasskeys(page.passkeys);
    });
  }, [runList]);
  const busy = list.pending || add.pending || remove.pending;
  const error = add.error ?? remove.error ?? list.error;
  const cancelled = isSessionError(error) && error.code === 'cancelled';

  return (
    <section className="card" aria-labelledby="passkeys-title">
      <h2 id="passkeys-title">Passkeys</h2>
      {passkeys === null ? (
        <p className="hint">{list.pending ? 'Loading…' : '—'}</p>
      ) : passkeys.length === 0 ? (
        <p data-testid="passkeys-empty">No passkey yet.</p>
      ) : (
        <ul className="passkeys" data-testid="passkeys">
          {passkeys.map((passkey) => (
            <li key={passkey.credentialId} data-testid="passkey">
              {passkey.friendlyCredentialName || 'Passkey'}
              {passkey.createdAt ? `, added ${passkey.createdAt.toLocaleString()}` : ''}{' '}
              <button
                type="button"
                className="link"
                disabled={busy}
                aria-label={`Delete the passkey ${passkey.friendlyCredentialName || passkey.credentialId}`}
                onClick={async () => show(await remove.run(passkey.credentialId))}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="button" disabled={busy} onClick={async () => show(await add.run())}>
          Add a passkey
        </button>
      </div>
      {error !== undefined && (
        <p className="error" role="alert">
          {cancelled ? 'No passkey was added: the prompt was closed.' : messageOf(error)}
        </p>
      )}
    </section>
  );
}
