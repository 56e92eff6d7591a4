import {
  isSessionError,
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
import { messageOf } from '../errorMessage';
import { ChallengeForm, type SignInChallenge } from './ChallengeForm';
import { DemoAuthenticatorHint } from './DemoAuthenticatorHint';
import { PasswordForm } from './PasswordForm';
import { PasswordlessForm } from './PasswordlessForm';
import { ResetPasswordForm } from './ResetPasswordForm';
import { SignUpForm } from './SignUpForm';
import { TokenLifetimeControl } from './TokenLifetimeControl';
import { TotpSetUpForm } from './TotpSetUpForm';

type Mode = 'password' | 'passwordless' | 'signUp' | 'reset';

const MODES: ReadonlyArray<{ mode: Mode; label: string }> = [
  { mode: 'password', label: 'Password' },
  { mode: 'passwordless', label: 'Passkey' },
  { mode: 'signUp', label: 'Create an account' },
  { mode: 'reset', label: 'Forgot password' },
];

const REASONS: Record<string, string> = {
  user: 'you signed out',
  otherTab: 'another tab signed out',
  expired: 'the session expired',
  revoked: 'the refresh token was revoked',
  invalid: 'the stored session was unusable',
};

/**
 * The signed-out page: sign-in with a password (answering a challenge if Cognito asks), through
 * the hosted UI, with an email code or a passkey; sign-up; a forgotten password. Every sign-in
 * step, whichever form started it, goes through `run` (MFA set-up, challenges, the device).
 */
export function SignInPage() {
  const session = useSessionClient();
  const { backend, callbackError } = useDemo();
  const reason = useSession((state) => (state.status === 'signedOut' ? state.reason : null));
  const isFake = backend.kind === 'fake';
  const demoUser = backend.kind === 'fake' ? backend.demoUser : null;
  const [mode, setMode] = useState<Mode>('password');
  const [username, setUsername] = useState<string>(demoUser?.username ?? '');
  const [password, setPassword] = useState<string>(demoUser?.password ?? '');
  const [challenge, setChallenge] = useState<SignInChallenge | null>(null);
  const [setUp, setSetUp] = useState<TotpSetUp | null>(null);
  const [remember, setRemember] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(callbackError);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<{ step: Mode; username: string } | null>(null);

  async function run(step: () => Promise<PasswordSignInResult | undefined>, who = username) {
    setBusy(true);
    setError(null);
    setPending(null);
    try {
      const result = await step();
      // MFA required and none set up yet: an authenticator app, through a QR code.
      const next = result?.status === 'challenge' && result.name === 'MFA_SETUP' ? result : null;
      const totp = next ? await setUpTotp(next, { issuer: 'sessionkit demo' }) : null;
      if (totp && backend.kind === 'fake') backend.authenticator.remember(who, totp.secret);
      setSetUp(totp);
      setChallenge(result?.status === 'challenge' && !totp ? result : null);
      // A pool with "user opt-in" device tracking: remember this browser if the user asked,
      // so the next sign-in here skips the code (DEVICE_SRP_AUTH instead of MFA).
      const device = result?.status === 'signedIn' ? result.device : undefined;
      if (device?.confirmation === 'confirmed' && device.rememberRequired && remember) {
        await rememberDevice(session);
      }
    } catch (cause) {
      setError(messageOf(cause));
      // The account owes a step (docs/account.md): offer the form that takes it.
      const nextStep = isSessionError(cause) ? cause.nextStep : undefined;
      if (nextStep) {
        const step = nextStep.step === 'confirmSignUp' ? 'signUp' : 'reset';
        setPending({ step, username: nextStep.username });
      }
    } finally {
      setBusy(false);
    }
  }

  /** A sign-in another form started (sign-up, email code, passkey) goes on here. */
  const continueSignIn = (who: string, result: PasswordSignInResult) => {
    setUsername(who);
    setMode('password');
    void run(async () => result, who);
  };
  /** Back to the password form for this user, with a word about why. */
  const signInAgain = (who: string, message: string) => {
    setUsername(who);
    setPassword('');
    setMode('password');
    setNotice(message);
  };
  const choose = (next: Mode) => {
    setMode(next);
    setError(null);
    setNotice(null);
  };
  const submitPassword = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    void run(() => signInWithPassword(session, username, password));
  };
  const signInWithHostedUi = () =>
    run(async () => {
      await signInWithRedirect(session, {
        appState: { returnTo: '/' },
        ...(backend.kind === 'fake' ? { navigate: backend.navigateToHostedUi } : {}),
      });
      return undefined;
    });
  const hasHostedUi = backend.kind === 'fake' || backend.pool.domain !== undefined;
  const hint = (name: string) =>
    backend.kind === 'fake' &&
    name === 'SOFTWARE_TOKEN_MFA' && (
      <DemoAuthenticatorHint authenticator={backend.authenticator} username={username} />
    );

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
        <ChallengeForm
          key={challenge.name}
          challenge={challenge}
          busy={busy}
          onRespond={(answers) => void run(() => challenge.respond(answers))}
          onCancel={() => setChallenge(null)}
        >
          {hint(challenge.name)}
          {isFake && challenge.name === 'EMAIL_OTP' && (
            <p className="hint">The fake pool’s outbox on this page shows the code.</p>
          )}
        </ChallengeForm>
      ) : (
        <>
          <nav className="modes" aria-label="Ways in">
            {MODES.map((entry) => (
              <button
                key={entry.mode}
                type="button"
                className={entry.mode === mode ? '' : 'secondary'}
                aria-pressed={entry.mode === mode}
                onClick={() => choose(entry.mode)}
              >
                {entry.label}
              </button>
            ))}
          </nav>
          {notice && (
            <p className="notice" role="status" data-testid="sign-in-notice">
              {notice}
            </p>
          )}
          {mode === 'signUp' ? (
            <SignUpForm
              pendingUsername={pending?.step === 'signUp' ? pending.username : undefined}
              onSignInStep={continueSignIn}
              onConfirmed={(who) =>
                signInAgain(who, 'Account confirmed: sign in with its password.')
              }
            />
          ) : mode === 'reset' ? (
            <ResetPasswordForm
              initialUsername={pending?.step === 'reset' ? pending.username : username}
              onDone={(who) => signInAgain(who, 'Password changed: sign in with the new one.')}
            />
          ) : mode === 'passwordless' ? (
            <PasswordlessForm initialUsername={username} onSignInStep={continueSignIn} />
          ) : (
            <PasswordForm
              username={username}
              password={password}
              remember={remember}
              busy={busy}
              onChange={(next) => {
                if (next.username !== undefined) setUsername(next.username);
                if (next.password !== undefined) setPassword(next.password);
                if (next.remember !== undefined) setRemember(next.remember);
              }}
              onSubmit={submitPassword}
              hostedUi={
                hasHostedUi
                  ? {
                      label: isFake
                        ? 'Sign in with the (fake) hosted UI'
                        : 'Sign in with the hosted UI',
                      onClick: signInWithHostedUi,
                    }
                  : null
              }
            />
          )}
        </>
      )}
      {error && (
        <p className="error" role="alert" data-testid="sign-in-error">
          {error}
        </p>
      )}
      {pending && mode === 'password' && (
        <button type="button" className="link" onClick={() => choose(pending.step)}>
          {pending.step === 'signUp' ? 'Confirm the account with a code' : 'Reset the password'}
        </button>
      )}
      {backend.kind === 'fake' && <TokenLifetimeControl setting={backend.tokenLifetime} />}
    </section>
  );
}
