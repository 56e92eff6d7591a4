/** Base64url without padding (RFC 7515 §2), the encoding of every JWT segment. */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Encodes bytes as base64url without padding. */
export function bytesToBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Decodes base64url (padding optional) to bytes; throws on anything else: base64's `+` and `/`,
 * whitespace (which `atob` alone would skip) or padding that does not fit the length.
 */
export function base64urlToBytes(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[\w-]*={0,2}$/.test(text)) throw new SyntaxError('Not base64url.');
  // atob checks the length and the padding.
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** Encodes a UTF-8 string as base64url. */
export function textToBase64url(text: string): string {
  return bytesToBase64url(encoder.encode(text));
}

/** Decodes base64url to a UTF-8 string. */
export function base64urlToText(text: string): string {
  return decoder.decode(base64urlToBytes(text));
}

/** `count` cryptographically random bytes as base64url. */
export function randomBase64url(count: number): string {
  return bytesToBase64url(globalThis.crypto.getRandomValues(new Uint8Array(count)));
}

/** SHA-256 of an ASCII/UTF-8 string, as base64url (PKCE S256, `at_hash`). */
export async function sha256Base64url(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text));
  return bytesToBase64url(new Uint8Array(digest));
}
