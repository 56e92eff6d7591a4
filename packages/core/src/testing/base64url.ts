/** Base64url without padding (RFC 7515 §2), the encoding of every JWT segment. */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Encodes bytes as base64url without padding. */
export function bytesToBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes base64url (padding optional) to bytes; throws on characters outside the alphabet. */
export function base64urlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
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
