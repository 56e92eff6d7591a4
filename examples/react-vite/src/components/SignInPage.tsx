import {
  type PasswordSignInResult,
  rememberDevice,
  setUpTotp,
  signInWithPassword,
  signInWithRedirect,
  type TotpSetUp,
} from '@sessionkit/core';
import { useSession, useSessionClient } from '@sessionkit/react';
import { type FormEvent, useState } from 'react';
import { useDemo } from '../demoContext';
import { DemoAuthenticatorHint } from './DemoAuthenticatorHint';
import { TokenLifetimeControl } from './TokenLifetimeControl';
import { TotpSetUpForm } from './TotpSetUpForm';

type Challenge = Extract<PasswordSignInResult, { status: 'challenge' }>;

/** The answer field of each challenge the demo can answer, by Cognito's challenge name. */
const CHALLENGE_FIELDS: Record<string, { field: string; label: string; type: string }> = {
  NEW_PASSWORD_REQUIRED: { field: 'NEW_PASSWORD', label: 'New password', type: 'password' },
  SOFTWARE_TOKEN_MFA: {
    field: 'SOFTWARE_TOKEN_MFA_CODE',
    label: 'Authenticator code',
    type: 'text',
  },
  SMS_MFA: { field: 'SMS_MFA_CODE', label: 'Code sent by SMS', type: 'text' },
};

const REASONS: Record<string, string> = {
  user: 'you signed out',
  otherTab: 'another tab signed out',
  expired: 'the session expired',
  revoked: 'the refresh token was revoked',
  invalid: 'the stored session was unusable',
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Sign-in with a password (answering a challenge if Cognito asks) or through the hosted UI. */
export function SignInPage() {
  const session = useSessionClient();
  const { backend, callbackError } = useDemo();
  const reason = useSession((state) => (state.status === 'signedOut' ? state.reason : null));
  const isFake = backend.kind === 'fake';
  const demoUser = backend.kind === 'fake' ? backend.demoUser : null;
  const [username, setUsername] = useState<string>(demoUser?.username ?? '');
  const [password, setPassword] = useState<string>(demoUser?.password ?? '');
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [setUp, setSetUp] = useState<TotpSetUp | null>(null);
  const [remember, setRemember] = useState(true);
  const [answer, setAnswer] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(callbackError);

  async function run(step: () => Promise<PasswordSignInResult | undefined>) {
    setBusy(true);
    setError(null);
    try {
      const result = await step();
      // MFA required and none set up yet: an authenticator app, through a QR code.
      const next = result?.status === 'challenge' && result.name === 'MFA_SETUP' ? result : null;
      const totp = next ? await setUpTotp(next, { issuer: 'sessionkit demo' }) : null;
      if (totp && backend.kind === 'fake') backend.authenticator.remember(username, totp.secret);
      setSetUp(totp);
      setChallenge(result?.status === 'challenge' && !totp ? result : null);
      setAnswer('');
      // A pool with "user opt-in" device tracking: remember this browser if the user asked,
      // so the next sign-in here skips the code (DEVICE_SRP_AUTH instead of MFA).
      const device = result?.status === 'signedIn' ? result.device : undefined;
      if (device?.confirmation === 'confirmed' && device.rememberRequired && remember) {
        await rememberDevice(session);
      }
    } catch (cause) {
      setError(messageOf(cause));
    } finally {
      setBusy(false);
    }
  }

  const submitPassword = (event: FormEvent) => {
    event.preventDefault();
    void run(() => signInWithPassword(session, username, password));
  };
  const respond = (event: FormEvent) => {
    event.preventDefault();
    const current = challenge;
    const field = current && CHALLENGE_FIELDS[current.name];
    if (!current || !field) return;
    void run(() => current.respond({ [field.field]: answer }));
  };
  const signInWithHostedUi = () =>
    run(async () => {
      await signInWithRedirect(session, {
        appState: { returnTo: '/' },
        ...(backend.kind === 'fake' ? { navigate: backend.navigateToHostedUi } : {}),
      });
      return undefined;
    });

  const challengeField = challenge ? CHALLENGE_FIELDS[challenge.name] : undefined;
  const hasHostedUi = backend.kind === 'fake' || backend.pool.domain !== undefined;

  return (
    <section className="card sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in</h2>
      {reason && (
        <p className="notice" data-testid="signed-out-reason" data-reason={reason}>
          Signed out: {REASONS[reason] ?? reason}.
        </p>
      )}
      {demoUser && (
        <p className="demo-credentials" data-testid="demo-credentials">
          Demo user: <code>{demoUser.username}</code> / <code>{demoUser.password}</code> (
          {demoUser.email}, groups {demoUser.groups.join(', ')}). New user, who sets up an
          authenticator app at the first sign-in:{' '}
          <code>{backend.kind === 'fake' && backend.newUser.username}</code> /{' '}
          <code>{backend.kind === 'fake' && backend.newUser.password}</code>. The pool requires MFA:
          the demo authenticator below shows the codes.
        </p>
      )}

      {setUp ? (
        <TotpSetUpForm
          setUp={setUp}
          busy={busy}
          onVerify={(code) => void run(() => setUp.verify(code, { friendlyDeviceName: 'Demo' }))}
          onCancel={() => setSetUp(null)}
        >
          {backend.kind === 'fake' && (
            <DemoAuthenticatorHint authenticator={backend.authenticator} username={username} />
          )}
        </TotpSetUpForm>
      ) : challenge ? (
        <form onSubmit={respond}>
          <p>
            Cognito asks for <code>{challenge.name}</code>.
          </p>
          {challengeField ? (
            <label>
              {challengeField.label}
              <input
                type={challengeField.type}
                value={answer}
                onChange={(event) => setAnswer(event.target.value)}
                autoComplete="one-time-code"
                required
              />
            </label>
          ) : (
            <p>The demo cannot answer this challenge.</p>
          )}
          {backend.kind === 'fake' && challenge.name === 'SOFTWARE_TOKEN_MFA' && (
            <DemoAuthenticatorHint authenticator={backend.authenticator} username={username} />
          )}
          <div className="actions">
            <button type="submit" disabled={busy || !challengeField}>
              Continue
            </button>
            <button type="button" className="secondary" onClick={() => setChallenge(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <form onSubmit={submitPassword}>
          <label>
            Username
            <input
              name="username"
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              autoComplete="username"
              required
            />
          </label>
          <label>
            Password
            <input
              name="password"
              type="password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              autoComplete="current-password"
              required
            />
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              name="remember-device"
              checked={remember}
              onChange={(event) => setRemember(event.target.checked)}
            />
            Remember this device (no code at the next sign-in here)
          </label>
          <div className="actions">
            <button type="submit" disabled={busy}>
              Sign in with password
            </button>
            {hasHostedUi && (
              <button
                type="button"
                className="secondary"
                disabled={busy}
                onClick={signInWithHostedUi}
              >
                {isFake ? 'Sign in with the (fake) hosted UI' : 'Sign in with the hosted UI'}
              </button>
            )}
          </div>
        </form>
      )}
      {error && (
        <p className="error" role="alert" data-testid="sign-in-error">
          {error}
        </p>
      )}
      {backend.kind === 'fake' && <TokenLifetimeControl setting={backend.tokenLifetime} />}
    </section>
  );
}
