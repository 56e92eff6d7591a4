import {
  confirmSignUp,
  type PasswordSignInResult,
  resendSignUpCode,
  signUp,
} from '@sessionkit/core';
import { useFlow } from '@sessionkit/react';
import { type FormEvent, useState } from 'react';
import { firstErrorOf } from '../errorMessage';

/**
 * Sign-up (`signUp`), then the code Cognito sent (`confirmSignUp` with `signIn: true`: signed in
 * right away, through `USER_AUTH`, or the next sign-in step, such as MFA set-up). With
 * `pendingUsername` (a sign-in that said the account is unconfirmed) it starts at the code.
 */
export function SignUpForm(props: {
  pendingUsername?: string | undefined;
  /** The sign-in went on after confirmation: signed in, or a challenge for the sign-in page. */
  onSignInStep(username: string, result: PasswordSignInResult): void;
  /** Confirmed without signing in: the sign-in page takes over, with this username. */
  onConfirmed(username: string): void;
}) {
  const signUpFlow = useFlow(signUp);
  const confirm = useFlow(confirmSignUp);
  const resend = useFlow(resendSignUpCode);
  const [username, setUsername] = useState(props.pendingUsername ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [stage, setStage] = useState<'details' | 'code'>(
    props.pendingUsername ? 'code' : 'details',
  );
  const [sentTo, setSentTo] = useState<string | null>(null);
  const busy = signUpFlow.pending || confirm.pending || resend.pending;
  const error = firstErrorOf(signUpFlow.error, confirm.error, resend.error);

  const submitDetails = async (event: FormEvent) => {
    event.preventDefault();
    const result = await signUpFlow.run({ username, password, attributes: { email } });
    if (!result) return;
    if (result.status === 'confirmed') return props.onConfirmed(username);
    setSentTo(result.codeDelivery?.destination ?? null);
    setStage('code');
  };
  const submitCode = async (event: FormEvent) => {
    event.preventDefault();
    const result = await confirm.run(username, code.trim(), { signIn: true });
    if (!result) return;
    // `confirmed`: no sign-in session in this page (signed up elsewhere): sign in with the password.
    if (result.status === 'confirmed') props.onConfirmed(username);
    else props.onSignInStep(username, result);
  };
  const sendAgain = async () => {
    const result = await resend.run(username);
    if (result) setSentTo(result.codeDelivery?.destination ?? null);
  };

  if (stage === 'code') {
    return (
      <form onSubmit={submitCode} data-testid="sign-up-confirm">
        <p>
          Cognito sent a code to {sentTo ?? 'the new account’s email address'} to confirm{' '}
          <code>{username}</code>. Once confirmed, you are signed in.
        </p>
        <label>
          Confirmation code
          <input
            name="sign-up-code"
            inputMode="numeric"
            value={code}
            onChange={(event) => setCode(event.target.value)}
            autoComplete="one-time-code"
            required
          />
        </label>
        <div className="actions">
          <button type="submit" disabled={busy}>
            Confirm and sign in
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={sendAgain}>
            Send a new code
          </button>
        </div>
        {resend.status === 'success' && <p className="hint">A new code is on its way.</p>}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </form>
    );
  }
  return (
    <form onSubmit={submitDetails} data-testid="sign-up">
      <label>
        New username
        <input
          name="new-username"
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          autoComplete="username"
          required
        />
      </label>
      <label>
        Email
        <input
          name="email"
          type="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          autoComplete="email"
          required
        />
      </label>
      <label>
        New password
        <input
          name="new-password"
          type="password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          autoComplete="new-password"
          required
        />
      </label>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Create the account
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
