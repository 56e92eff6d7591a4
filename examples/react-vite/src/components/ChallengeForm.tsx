import type { PasswordSignInResult } from '@sessionkit/core';
import { type FormEvent, type ReactNode, useState } from 'react';

/** A sign-in step Cognito asks for (after a password, a sign-up or a choice-based start). */
export type SignInChallenge = Extract<PasswordSignInResult, { status: 'challenge' }>;

/** The answer field of each challenge the demo can answer, by Cognito's challenge name. */
const CHALLENGE_FIELDS: Record<string, { field: string; label: string; type: string }> = {
  NEW_PASSWORD_REQUIRED: { field: 'NEW_PASSWORD', label: 'New password', type: 'password' },
  SOFTWARE_TOKEN_MFA: {
    field: 'SOFTWARE_TOKEN_MFA_CODE',
    label: 'Authenticator code',
    type: 'text',
  },
  SMS_MFA: { field: 'SMS_MFA_CODE', label: 'Code sent by SMS', type: 'text' },
  // A code by email: MFA (EMAIL_OTP), or choice-based sign-in on a pool where MFA is optional
  // (signInWithChoice, docs/passwordless.md).
  EMAIL_OTP: { field: 'EMAIL_OTP_CODE', label: 'Code sent by email', type: 'text' },
};

/** One field for the challenge's answer, then `respond(answers)`. */
export function ChallengeForm(props: {
  challenge: SignInChallenge;
  busy: boolean;
  onRespond(answers: Record<string, string>): void;
  onCancel(): void;
  children?: ReactNode;
}) {
  const { challenge } = props;
  const [answer, setAnswer] = useState('');
  const field = CHALLENGE_FIELDS[challenge.name];
  const destination = 'codeDelivery' in challenge ? challenge.codeDelivery?.destination : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (field) props.onRespond({ [field.field]: answer.trim() });
  };
  return (
    <form onSubmit={submit} data-testid="challenge" data-challenge={challenge.name}>
      <p>
        Cognito asks for <code>{challenge.name}</code>
        {destination ? ` (sent to ${destination})` : ''}.
      </p>
      {field ? (
        <label>
          {field.label}
          <input
            type={field.type}
            value={answer}
            onChange={(event) => setAnswer(event.target.value)}
            autoComplete={field.type === 'password' ? 'new-password' : 'one-time-code'}
            required
          />
        </label>
      ) : (
        <p>The demo cannot answer this challenge.</p>
      )}
      {props.children}
      <div className="actions">
        <button type="submit" disabled={props.busy || !field}>
          Continue
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
