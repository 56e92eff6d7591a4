import {
  isSessionError,
  type PasswordSignInResult,
  signInWithChoice,
  signInWithPasskey,
} from '@sessionkit/core';
import { useFlow } from '@sessionkit/react';
import { type FormEvent, useState } from 'react';
import { messageOf } from '../errorMessage';

/**
 * Sign-in without a password (docs/passwordless.md, docs/passkeys.md): a code by email
 * (`signInWithChoice` preferring `EMAIL_OTP`; the sign-in page answers the code challenge) or a
 * passkey (`signInWithPasskey`: the browser's prompt, then Cognito's `WEB_AUTHN` challenge).
 */
export function PasswordlessForm(props: {
  initialUsername: string;
  onSignInStep(username: string, result: PasswordSignInResult): void;
}) {
  const emailCode = useFlow(signInWithChoice);
  const passkey = useFlow(signInWithPasskey);
  const [username, setUsername] = useState(props.initialUsername);
  const busy = emailCode.pending || passkey.pending;

  const sendCode = async (event: FormEvent) => {
    event.preventDefault();
    passkey.reset();
    const result = await emailCode.run(username, { preferredChallenge: 'EMAIL_OTP' });
    if (result) props.onSignInStep(username, result);
  };
  const signInWithAPasskey = async () => {
    if (!username) return;
    emailCode.reset();
    const result = await passkey.run(username, { deviceName: 'sessionkit demo' });
    if (result) props.onSignInStep(username, result);
  };

  const error = emailCode.error ?? passkey.error;
  const cancelled = isSessionError(passkey.error) && passkey.error.code === 'cancelled';
  return (
    <form onSubmit={sendCode} data-testid="passwordless">
      <p className="hint">
        Choice-based sign-in (<code>USER_AUTH</code>): a code by email, or a passkey registered on
        this device (add one on the profile page once signed in). Neither asks for MFA.
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
        <button type="submit" disabled={busy}>
          Email me a code
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={signInWithAPasskey}>
          Sign in with a passkey
        </button>
      </div>
      {error !== undefined && (
        <p className="error" role="alert" data-testid="passwordless-error">
          {cancelled
            ? 'No passkey was used: the prompt was closed, or this device holds none for this account.'
            : messageOf(error)}
        </p>
      )}
    </form>
  );
}
