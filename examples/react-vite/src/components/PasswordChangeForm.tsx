import { changePassword } from '@sessionkit/core';
import { useFlow } from '@sessionkit/react';
import { type FormEvent, useState } from 'react';
import { messageOf } from '../errorMessage';

/** `changePassword(session, old, new)`: the signed-in user's password; the session goes on. */
export function PasswordChangeForm() {
  const change = useFlow(changePassword);
  const [oldPassword, setOldPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await change.run(oldPassword, newPassword);
    setOldPassword('');
    setNewPassword('');
  };
  return (
    <section className="card" aria-labelledby="password-change-title">
      <h2 id="password-change-title">Change the password</h2>
      <form onSubmit={submit} data-testid="password-change">
        <label>
          Current password
          <input
            name="current-password"
            type="password"
            value={oldPassword}
            onChange={(event) => setOldPassword(event.target.value)}
            autoComplete="current-password"
            required
          />
        </label>
        <label>
          New password
          <input
            name="changed-password"
            type="password"
            value={newPassword}
            onChange={(event) => setNewPassword(event.target.value)}
            autoComplete="new-password"
            required
          />
        </label>
        <div className="actions">
          <button type="submit" disabled={change.pending}>
            Change the password
          </button>
        </div>
        {change.status === 'success' && (
          <p className="hint" role="status" data-testid="password-changed">
            Password changed. You stay signed in.
          </p>
        )}
        {change.status === 'error' && (
          <p className="error" role="alert">
            {messageOf(change.error)}
          </p>
        )}
      </form>
    </section>
  );
}
