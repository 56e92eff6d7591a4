import { isSessionError, type PasswordSignInResult, signInWithPasskey } from '@sessionkit/core';
import { useFlow } from '@sessionkit/react';
import { type FormEvent, useState } from 'react';
import { messageOf } from '../errorMessage';

/**
 * Sign-in with a passkey (docs/passkeys.md): `signInWithPasskey`, the browser's prompt, then
 * Cognito's `WEB_AUTHN` challenge. The demo pool requires MFA, and a passkey that verifies the user
 * (fingerprint, face or PIN) counts as MFA there once the user has passkey MFA on (the profile
 * page turns it on when it adds a passkey), so no code follows. Such a pool offers no sign-in
 * with a code by email or SMS: Cognito allows one-time-code sign-in only where MFA is optional
 * (docs/passwordless.md).
 */
export function PasswordlessForm(props: {
  initialUsername: string;
  onSignInStep(username: string, result: PasswordSignInResult): void;
}) {
  const passkey = useFlow(signInWithPasskey);
  const [username, setUsername] = useState(props.initialUsername);

  const signInWithAPasskey = async (event: FormEvent) => {
    event.preventDefault();
    if (!username) return;
    const result = await passkey.run(username, { deviceName: 'sessionkit demo' });
    if (result) props.onSignInStep(username, result);
  };

  const cancelled = isSessionError(passkey.error) && passkey.error.code === 'cancelled';
  return (
    <form onSubmit={signInWithAPasskey} data-testid="passwordless">
      <p className="hint">
        Choice-based sign-in (<code>USER_AUTH</code>) with a passkey registered on this device (add
        one on the profile page once signed in). The pool counts a passkey that verifies you as MFA:
        no code is asked.
      </p>
      <label>
        Username
        <input
          name="passwordless-username"
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          autoComplete="username webauthn"
          required
        />
      </label>
      <div className="actions">
        <button type="submit" disabled={passkey.pending}>
          Sign in with a passkey
        </button>
      </div>
      {passkey.error !== undefined && (
        <p className="error" role="alert" data-testid="passwordless-error">
          {cancelled
            ? 'No passkey was used: the prompt was closed, or this device holds none for this account.'
            : messageOf(passkey.error)}
        </p>
      )}
    </form>
  );
}
