import type { TotpSetUp } from '@sessionkit/core';
import QRCode from 'qrcode';
import { type FormEvent, useEffect, useState } from 'react';

/**
 * `MFA_SETUP` inside sign-in: the QR code of `setUpTotp(challenge)`'s `otpauth://` URI (and its
 * secret, for typing in), then the first code from the authenticator app.
 */
export function TotpSetUpForm(props: {
  setUp: TotpSetUp;
  busy: boolean;
  onVerify(code: string): void;
  onCancel(): void;
  children?: React.ReactNode;
}) {
  const { setUp, busy } = props;
  const [qrCode, setQrCode] = useState<string | null>(null);
  const [code, setCode] = useState('');
  useEffect(() => {
    let current = true;
    void QRCode.toDataURL(setUp.uri, { margin: 1, width: 192 }).then((url) => {
      if (current) setQrCode(url);
    });
    return () => {
      current = false;
    };
  }, [setUp.uri]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onVerify(code);
  };
  return (
    <form onSubmit={submit} data-testid="totp-set-up">
      <p>
        This pool requires an authenticator app. Scan the code with one (Google Authenticator,
        1Password, …), then type the 6-digit code it shows.
      </p>
      {qrCode && (
        <img
          className="qr-code"
          src={qrCode}
          alt="QR code of the authenticator secret"
          width={192}
          height={192}
          data-testid="totp-qr"
        />
      )}
      <p>
        Or type the secret: <code data-testid="totp-secret">{setUp.secret}</code>
      </p>
      {props.children}
      <label>
        First code from the app
        <input
          name="totp-code"
          inputMode="numeric"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          autoComplete="one-time-code"
          required
        />
      </label>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Verify and sign in
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
