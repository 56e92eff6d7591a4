import {
  sendUserAttributeVerificationCode,
  updateUserAttributes,
  verifyUserAttribute,
} from '@sessionkit/core';
import { useFlow, useUser } from '@sessionkit/react';
import { type FormEvent, useState } from 'react';
import { firstErrorOf } from '../errorMessage';

/**
 * Edits the user's `name` and `email` (`updateUserAttributes`, which refreshes afterwards, so
 * `useUser()` and the claims table show the new ID token's values), and verifies a new email
 * address with the code Cognito sent (`verifyUserAttribute`, refreshed too: `email_verified`).
 */
export function ProfileForm() {
  const user = useUser();
  const update = useFlow(updateUserAttributes);
  const verify = useFlow(verifyUserAttribute);
  const resend = useFlow(sendUserAttributeVerificationCode);
  const [name, setName] = useState(user?.name ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [code, setCode] = useState('');
  if (!user) return null;
  const busy = update.pending || verify.pending || resend.pending;
  const error = firstErrorOf(update.error, verify.error, resend.error);
  // The claims say it: after a change of address, the refreshed ID token has it unverified.
  const unverified = user.email !== undefined && user.email_verified === false;

  const save = (event: FormEvent) => {
    event.preventDefault();
    const changes: Record<string, string> = {};
    if (name !== (user.name ?? '')) changes.name = name;
    if (email !== (user.email ?? '')) changes.email = email;
    if (Object.keys(changes).length > 0) void update.run(changes);
  };
  const submitCode = async (event: FormEvent) => {
    event.preventDefault();
    if (await verify.run('email', code.trim())) setCode('');
  };

  return (
    <section className="card" aria-labelledby="profile-form-title">
      <h2 id="profile-form-title">Edit the profile</h2>
      <form onSubmit={save} data-testid="profile-form">
        <label>
          Name
          <input
            name="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            autoComplete="name"
          />
        </label>
        <label>
          Email address
          <input
            name="email"
            type="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            autoComplete="email"
            required
          />
        </label>
        <div className="actions">
          <button type="submit" disabled={busy}>
            Save
          </button>
        </div>
        {update.status === 'success' && (
          <p className="hint" role="status" data-testid="profile-saved">
            Saved; the session refreshed, so the claims below come from the new ID token.
          </p>
        )}
      </form>
      {unverified && (
        <form onSubmit={submitCode} data-testid="verify-email">
          <p className="notice">
            <code>{user.email}</code> is not verified yet (<code>email_verified: false</code> in the
            ID token). Cognito sent it a code.
          </p>
          <label>
            Email verification code
            <input
              name="email-code"
              inputMode="numeric"
              value={code}
              onChange={(event) => setCode(event.target.value)}
              autoComplete="one-time-code"
              required
            />
          </label>
          <div className="actions">
            <button type="submit" disabled={busy}>
              Verify
            </button>
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => void resend.run('email')}
            >
              Send a new code
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
