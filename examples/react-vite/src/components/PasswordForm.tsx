import type { FormEvent } from 'react';

/** The password sign-in form (`signInWithPassword`; the sign-in page runs it), and the hosted UI. */
export function PasswordForm(props: {
  username: string;
  password: string;
  remember: boolean;
  busy: boolean;
  onChange(next: { username?: string; password?: string; remember?: boolean }): void;
  onSubmit(event: FormEvent): void;
  /** The hosted-UI button, when there is one. */
  hostedUi: { label: string; onClick(): void } | null;
}) {
  const { busy, hostedUi, onChange } = props;
  return (
    <form onSubmit={props.onSubmit}>
      <label>
        Username
        <input
          name="username"
          value={props.username}
          onChange={(event) => onChange({ username: event.target.value })}
          autoComplete="username"
          required
        />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          value={props.password}
          onChange={(event) => onChange({ password: event.target.value })}
          autoComplete="current-password"
          required
        />
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          name="remember-device"
          checked={props.remember}
          onChange={(event) => onChange({ remember: event.target.checked })}
        />
        Remember this device (no code at the next sign-in here)
      </label>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Sign in with password
        </button>
        {hostedUi && (
          <button type="button" className="secondary" disabled={busy} onClick={hostedUi.onClick}>
            {hostedUi.label}
          </button>
        )}
      </div>
    </form>
  );
}
