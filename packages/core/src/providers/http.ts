import { SessionError } from '../errors.js';
import type { ProviderContext } from './types.js';

/** A provider response read once: status, headers and the body as JSON when it parses. */
export interface ProviderResponse {
  status: number;
  ok: boolean;
  headers: Headers;
  /** Parsed JSON body, or undefined for an empty or non-JSON body. */
  json: unknown;
  isJson: boolean;
}

/** fetch that turns a thrown TypeError (offline, DNS, CORS) into a retryable `network` error. */
export async function send(
  context: ProviderContext,
  url: string,
  init: RequestInit,
): Promise<ProviderResponse> {
  let response: Response;
  // Called unbound: `window.fetch` throws "Illegal invocation" when `this` is another object.
  const fetchFn = context.fetch;
  try {
    response = await fetchFn(url, { ...init, signal: context.signal, cache: 'no-store' });
  } catch (cause) {
    throw new SessionError('network', `Could not reach ${new URL(url).host}.`, {
      cause,
      retryable: true,
    });
  }
  let text = '';
  try {
    text = await response.text();
  } catch (cause) {
    throw new SessionError('network', `The answer from ${new URL(url).host} was cut off.`, {
      cause,
      retryable: true,
    });
  }
  let json: unknown;
  let isJson = false;
  if (text.length > 0) {
    try {
      json = JSON.parse(text);
      isJson = true;
    } catch {
      // HTML error pages from proxies and load balancers land here; callers decide.
    }
  }
  return { status: response.status, ok: response.ok, headers: response.headers, json, isJson };
}

/** `Retry-After` as ms: delta-seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The error for a response that is not what a provider sends: garbage, HTML, missing fields. */
export function invalidResponse(response: ProviderResponse, what: string): SessionError {
  return new SessionError('invalid_response', `${what} (HTTP ${response.status}).`, {
    status: response.status,
    // A proxy's HTML page or a truncated body is usually passing: try again later.
    retryable: true,
  });
}

/** Reads a string field of an object, or undefined. */
export function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && field.length > 0 ? field : undefined;
}

/** Normalises `example.com`, `https://example.com/` to `https://example.com`. */
export function toOrigin(hostOrUrl: string): string {
  const withScheme = /^https?:\/\//i.test(hostOrUrl) ? hostOrUrl : `https://${hostOrUrl}`;
  return withScheme.replace(/\/+$/, '');
}
