/**
 * The results file of docs/benchmarks.md and the protocol between `run.ts` and the figure processes:
 * each figure process prints its rows as one `@@rows <json>` line on stdout.
 */

/** A figure of docs/benchmarks.md, as named in `bench/results/latest.json`. */
export type Figure =
  | 'size_gzip'
  | 'hotpath'
  | 'cold_start'
  | 'fanin_requests'
  | 'tabs_requests'
  | 'rerenders'
  | 'heap_growth'
  | 'srp_signin';

/** One row of `latest.json`. `value: null` (with a `note`) when a peer cannot run the figure. */
export interface ResultRow {
  figure: Figure;
  sdk: string;
  variant?: string;
  value: number | null;
  unit: string;
  note?: string;
  /** Printed in the tables only (absolute times, ratios, brotli…); not written to latest.json. */
  extra?: Record<string, string | number | null>;
}

export const ROWS_MARKER = '@@rows ';

/** Prints the rows for `run.ts` to collect. */
export function emitRows(rows: ResultRow[]): void {
  process.stdout.write(`${ROWS_MARKER}${JSON.stringify(rows)}\n`);
}

/** The peers of docs/benchmarks.md, in the order the tables show them. */
export const PEERS = [
  'oidc-client-ts',
  '@auth0/auth0-spa-js',
  'aws-amplify',
  '@okta/okta-auth-js',
  '@supabase/auth-js',
  '@azure/msal-browser',
] as const;

export type Peer = (typeof PEERS)[number];

/** A row for a peer that cannot run a figure. */
export function notApplicable(
  figure: Figure,
  sdk: string,
  unit: string,
  note: string,
  variant?: string,
): ResultRow {
  return { figure, sdk, ...(variant ? { variant } : {}), value: null, unit, note };
}
