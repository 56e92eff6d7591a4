import { confirmResetPassword, resetPassword, type Session } from '@sessionkit/core';
import { useFlow } from '@sessionkit/react';
import { type FormEvent, useState } from 'react';
import { firstErrorOf } from '../errorMessage';

/** `confirmResetPassword`, resolving `true` once done (its own result is `void`). */
async function setNewPassword(
  session: Session,
  username: string,
  code: string,
  newPassword: string,
): Promise<true> {
  await confirmResetPassword(session, username, code, newPassword);
  return true;
}

/**
 * A forgotten password: `resetPassword` (Cognito sends a code), then the code and the new password
 * (`confirmResetPassword`). Neither signs in: the sign-in page takes over with the username.
 */
export function ResetPasswordForm(props: {
  initialUsername: string;
  onDone(username: string): void;
}) {
  const request = useFlow(resetPassword);
  const confirm = useFlow(setNewPassword);
  const [username, setUsername] = useState(props.initialUsername);
  const [code, setCode] = useState('');
  const [newPassword, setNewPasswordText] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const busy = request.pending || confirm.pending;
  const error = firstErrorOf(request.error, confirm.error);

  const sendCode = async (event: FormEvent) => {
    event.preventDefault();
    const result = await request.run(username);
    if (result) setSentTo(result.codeDelivery?.destination ?? 'the account’s address');
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await confirm.run(username, code.trim(), newPassword)) props.onDone(username);
  };

  return sentTo === null ? (
    <form onSubmit={sendCode} data-testid="reset-password">
      <label>
        Username
        <input
          name="reset-username"
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          autoComplete="username"
          required
        />
      </label>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Send a reset code
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  ) : (
    <form onSubmit={submit} data-testid="reset-password-confirm">
      <p>
        If <code>{username}</code> has an account, Cognito sent its code to {sentTo}. It works once,
        for an hour.
      </p>
      <label>
        Reset code
        <input
          name="reset-code"
          inputMode="numeric"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          autoComplete="one-time-code"
          required
        />
      </label>
      <label>
        New password
        <input
          name="reset-new-password"
          type="password"
          value={newPassword}
          onChange={(event) => setNewPasswordText(event.target.value)}
          autoComplete="new-password"
          required
        />
      </label>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Set the new password
        </button>
        <button type="button" className="secondary" onClick={() => setSentTo(null)}>
          Back
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
