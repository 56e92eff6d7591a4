import { useEffect, useState } from 'react';
import type { DemoAuthenticator } from '../demoAuthenticator';

/**
 * Fake pool only: the code the user's authenticator app would show now (the demo user's secret
 * is known, and so is any secret set up on this page), refreshed every second.
 */
export function DemoAuthenticatorHint(props: {
  authenticator: DemoAuthenticator;
  username: string;
}) {
  const { authenticator, username } = props;
  const [code, setCode] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    const read = () =>
      void authenticator.code(username).then((next) => {
        if (current) setCode(next);
      });
    read();
    const timer = setInterval(read, 1000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [authenticator, username]);
  if (!code) return null;
  return (
    <p className="demo-credentials" data-testid="demo-authenticator">
      Demo authenticator for <code>{username}</code>:{' '}
      <code data-testid="demo-authenticator-code">{code}</code>
    </p>
  );
}
