/**
 * WebAuthn's JSON forms (WebAuthn Level 3: `PublicKeyCredentialCreationOptionsJSON`,
 * `PublicKeyCredentialRequestOptionsJSON`, `RegistrationResponseJSON`,
 * `AuthenticationResponseJSON`), what Cognito sends and expects (docs/cognito-wire.md section 11),
 * to and from the browser's binary forms. Binary fields are base64url without padding. The
 * browser's own `PublicKeyCredential.parseCreationOptionsFromJSON`, `parseRequestOptionsFromJSON`
 * and `toJSON()` are used when present; the conversion here is for browsers without them. Pure:
 * no request, no prompt.
 */

import type {
  WebAuthnAuthenticationJSON,
  WebAuthnCreationOptionsJSON,
  WebAuthnCredentialDescriptorJSON,
  WebAuthnRegistrationJSON,
  WebAuthnRequestOptionsJSON,
} from './webAuthnJsonTypes.js';

/** Bytes as base64url without padding. */
export function bufferToBase64url(data: ArrayBuffer | ArrayBufferView): string {
  const bytes =
    data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url (padding optional; plain base64 accepted) as an ArrayBuffer; throws on other text. */
export function base64urlToBuffer(text: string): ArrayBuffer {
  if (typeof text !== 'string' || !/^[A-Za-z0-9\-_+/]*={0,2}$/.test(text)) {
    throw new TypeError('WebAuthn: a binary field is not base64url.');
  }
  // atob takes base64 without its padding (the forgiving base64 of the HTML standard).
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, ''));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0)).buffer;
}

type NativeJson = {
  parseCreationOptionsFromJSON?: (json: unknown) => PublicKeyCredentialCreationOptions;
  parseRequestOptionsFromJSON?: (json: unknown) => PublicKeyCredentialRequestOptions;
};

function nativeJson(): NativeJson {
  return ((globalThis as { PublicKeyCredential?: unknown }).PublicKeyCredential ??
    {}) as NativeJson;
}

function descriptors(list: WebAuthnCredentialDescriptorJSON[] | undefined) {
  return list?.map((entry) => ({ ...entry, id: base64urlToBuffer(entry.id) }));
}

/**
 * `PublicKeyCredentialCreationOptionsJSON` as the options `navigator.credentials.create` takes
 * (`{ publicKey }`): the browser's `parseCreationOptionsFromJSON` when it has one, else the
 * challenge, `user.id` and `excludeCredentials` ids decoded here.
 *
 * @example
 * ```ts
 * import { creationOptionsFromJSON, type WebAuthnCreationOptionsJSON } from '@sessionkit/core';
 *
 * declare const json: WebAuthnCreationOptionsJSON; // StartWebAuthnRegistration's CredentialCreationOptions
 * const credential = await navigator.credentials.create({ publicKey: creationOptionsFromJSON(json) });
 * ```
 */
export function creationOptionsFromJSON(
  json: WebAuthnCreationOptionsJSON,
): PublicKeyCredentialCreationOptions {
  const native = nativeJson().parseCreationOptionsFromJSON;
  if (typeof native === 'function') return native(json);
  const { excludeCredentials, ...rest } = json;
  const excluded = descriptors(excludeCredentials);
  return {
    ...rest,
    challenge: base64urlToBuffer(json.challenge),
    user: { ...json.user, id: base64urlToBuffer(json.user.id) },
    ...(excluded ? { excludeCredentials: excluded } : {}),
  } as PublicKeyCredentialCreationOptions;
}

/**
 * `PublicKeyCredentialRequestOptionsJSON` as the options `navigator.credentials.get` takes: the
 * browser's `parseRequestOptionsFromJSON` when it has one, else the challenge and
 * `allowCredentials` ids decoded here.
 *
 * @example
 * ```ts
 * import { requestOptionsFromJSON, type WebAuthnRequestOptionsJSON } from '@sessionkit/core';
 *
 * declare const json: WebAuthnRequestOptionsJSON; // the WEB_AUTHN challenge's options, parsed
 * const assertion = await navigator.credentials.get({ publicKey: requestOptionsFromJSON(json) });
 * ```
 */
export function requestOptionsFromJSON(
  json: WebAuthnRequestOptionsJSON,
): PublicKeyCredentialRequestOptions {
  const native = nativeJson().parseRequestOptionsFromJSON;
  if (typeof native === 'function') return native(json);
  const { allowCredentials, ...rest } = json;
  const allowed = descriptors(allowCredentials);
  return {
    ...rest,
    challenge: base64urlToBuffer(json.challenge),
    ...(allowed ? { allowCredentials: allowed } : {}),
  } as PublicKeyCredentialRequestOptions;
}

type Optional = { [name: string]: (() => unknown) | undefined };

function call<T>(target: unknown, method: string): T | undefined {
  try {
    // A browser without the method gives undefined; one whose method throws, too.
    return (target as Optional)[method]?.call(target) as T | undefined;
  } catch {
    return undefined;
  }
}

function common(credential: PublicKeyCredential) {
  const attachment = credential.authenticatorAttachment;
  return {
    id: credential.id,
    rawId: bufferToBase64url(credential.rawId),
    type: 'public-key' as const,
    clientExtensionResults: (call<Record<string, unknown>>(
      credential,
      'getClientExtensionResults',
    ) ?? {}) as Record<string, unknown>,
    ...(attachment ? { authenticatorAttachment: attachment } : {}),
  };
}

function nativeToJson<T>(credential: PublicKeyCredential): T | undefined {
  return call<T>(credential, 'toJSON');
}

/**
 * A credential `navigator.credentials.create` returned, as `RegistrationResponseJSON`: its
 * `toJSON()` when the browser has it, else encoded here (transports, authenticator data and
 * public key included when the browser offers them).
 *
 * @example
 * ```ts
 * import { registrationToJSON } from '@sessionkit/core';
 *
 * declare const options: PublicKeyCredentialCreationOptions;
 * const credential = (await navigator.credentials.create({ publicKey: options })) as PublicKeyCredential;
 * const body = JSON.stringify(registrationToJSON(credential));
 * ```
 */
export function registrationToJSON(credential: PublicKeyCredential): WebAuthnRegistrationJSON {
  const native = nativeToJson<WebAuthnRegistrationJSON>(credential);
  if (native) return native;
  const response = credential.response as AuthenticatorAttestationResponse;
  const transports = call<string[]>(response, 'getTransports');
  const authenticatorData = call<ArrayBuffer>(response, 'getAuthenticatorData');
  const publicKey = call<ArrayBuffer | null>(response, 'getPublicKey');
  const algorithm = call<number>(response, 'getPublicKeyAlgorithm');
  return {
    ...common(credential),
    response: {
      clientDataJSON: bufferToBase64url(response.clientDataJSON),
      attestationObject: bufferToBase64url(response.attestationObject),
      ...(transports ? { transports: [...transports] } : {}),
      ...(authenticatorData ? { authenticatorData: bufferToBase64url(authenticatorData) } : {}),
      ...(publicKey ? { publicKey: bufferToBase64url(publicKey) } : {}),
      ...(typeof algorithm === 'number' ? { publicKeyAlgorithm: algorithm } : {}),
    },
  };
}

/**
 * A credential `navigator.credentials.get` returned, as `AuthenticationResponseJSON`: its
 * `toJSON()` when the browser has it, else encoded here.
 *
 * @example
 * ```ts
 * import { authenticationToJSON } from '@sessionkit/core';
 *
 * declare const options: PublicKeyCredentialRequestOptions;
 * const assertion = (await navigator.credentials.get({ publicKey: options })) as PublicKeyCredential;
 * const credential = JSON.stringify(authenticationToJSON(assertion));
 * ```
 */
export function authenticationToJSON(credential: PublicKeyCredential): WebAuthnAuthenticationJSON {
  const native = nativeToJson<WebAuthnAuthenticationJSON>(credential);
  if (native) return native;
  const response = credential.response as AuthenticatorAssertionResponse;
  return {
    ...common(credential),
    response: {
      clientDataJSON: bufferToBase64url(response.clientDataJSON),
      authenticatorData: bufferToBase64url(response.authenticatorData),
      signature: bufferToBase64url(response.signature),
      ...(response.userHandle ? { userHandle: bufferToBase64url(response.userHandle) } : {}),
    },
  };
}
