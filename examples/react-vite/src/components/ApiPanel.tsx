import { useSessionClient } from '@sessionkit/react';
import { useState } from 'react';
import { DEMO_API_PATH, type DemoApiProfile, type DemoApiRefusal } from '../demoApiContract';
import { useDemo } from '../demoContext';

interface ApiResult {
  status: number;
  text: string;
}

async function readResult(response: Response): Promise<ApiResult> {
  const body = (await response.json().catch(() => null)) as DemoApiProfile | DemoApiRefusal | null;
  const text = body === null ? response.statusText : body.message;
  return { status: response.status, text };
}

function Result({ result, testId }: { result: ApiResult | null; testId: string }) {
  if (!result) return null;
  const isOk = result.status >= 200 && result.status < 300;
  return (
    <p
      className={`api-result ${isOk ? 'ok' : 'refused'}`}
      data-testid={testId}
      data-status={result.status}
    >
      <strong>
        {result.status} {isOk ? 'accepted' : 'refused'}
      </strong>{' '}
      {result.text}
    </p>
  );
}

/**
 * The demo API: `GET /api/profile` verifies the bearer with aws-jwt-verify and accepts access
 * tokens only. The authorised fetch (`createAuthorizedFetch`) sends the access token; the second
 * button sends the ID token, which the API refuses.
 */
export function ApiPanel() {
  const session = useSessionClient();
  const { authorizedFetch, backend } = useDemo();
  const [withAccess, setWithAccess] = useState<ApiResult | null>(null);
  const [withId, setWithId] = useState<ApiResult | null>(null);

  if (backend.kind === 'real') {
    return (
      <section className="card api" aria-labelledby="api-title">
        <h2 id="api-title">Your API</h2>
        <p>
          The demo API lives in the fake pool's service worker. With your own pool, call your own
          API through{' '}
          <code>
            createAuthorizedFetch(session, {'{'} allowedOrigins: [yourApiOrigin] {'}'})
          </code>{' '}
          and verify the bearer there with aws-jwt-verify&apos;s{' '}
          <code>
            CognitoJwtVerifier.create({'{'} userPoolId, clientId, tokenUse: 'access' {'}'})
          </code>
          .
        </p>
      </section>
    );
  }

  const fail = (error: unknown): ApiResult => ({ status: 0, text: String(error) });
  const callWithAccessToken = async () => {
    setWithAccess(null);
    // Bearer: the access token (refreshed first if needed; a 401 refreshes once and retries).
    setWithAccess(await authorizedFetch(DEMO_API_PATH).then(readResult, fail));
  };
  const callWithIdToken = async () => {
    setWithId(null);
    try {
      const idToken = await session.getIdToken();
      // Plain fetch: the authorised fetch would put the access token back in.
      const response = await fetch(DEMO_API_PATH, {
        headers: { Authorization: `Bearer ${idToken}` },
      });
      setWithId(await readResult(response));
    } catch (error) {
      setWithId(fail(error));
    }
  };

  return (
    <section className="card api" aria-labelledby="api-title">
      <h2 id="api-title">Demo API</h2>
      <p>
        <code>GET {DEMO_API_PATH}</code> verifies the bearer token with aws-jwt-verify against the
        pool&apos;s JWKS and accepts <em>access</em> tokens only (<code>token_use: access</code>,
        this app client&apos;s <code>client_id</code>). The ID token says who signed in, to this
        app; it is not meant for APIs.
      </p>
      <div className="actions">
        <button type="button" onClick={callWithAccessToken} data-testid="call-api-access">
          Call with the access token
        </button>
        <button
          type="button"
          className="secondary"
          onClick={callWithIdToken}
          data-testid="call-api-id"
        >
          Send the ID token instead
        </button>
      </div>
      <Result result={withAccess} testId="api-result-access" />
      <Result result={withId} testId="api-result-id" />
    </section>
  );
}
