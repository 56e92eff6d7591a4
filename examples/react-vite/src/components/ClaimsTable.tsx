import type { IdTokenClaims } from '@sessionkit/core';

/** Claims holding a time in seconds since the epoch. */
const TIME_CLAIMS = new Set(['iat', 'exp', 'auth_time', 'nbf']);

function formatClaim(name: string, value: unknown): string {
  if (TIME_CLAIMS.has(name) && typeof value === 'number') {
    return `${value} (${new Date(value * 1000).toLocaleTimeString()})`;
  }
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Every claim of the ID token, as the session decoded it. */
export function ClaimsTable({ claims }: { claims: IdTokenClaims }) {
  const rows = Object.entries(claims).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section className="card claims" aria-labelledby="claims-title">
      <h2 id="claims-title">ID token claims</h2>
      <table data-testid="claims">
        <tbody>
          {rows.map(([name, value]) => (
            <tr key={name} data-claim={name}>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td>{formatClaim(name, value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
