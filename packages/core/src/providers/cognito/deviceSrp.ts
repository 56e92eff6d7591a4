/**
 * Device SRP as Cognito does it (docs/cognito-wire.md section 7): what a browser registers for a
 * device with `ConfirmDevice`, and what it proves in `DEVICE_PASSWORD_VERIFIER`. The SRP-6a of the
 * password (srp.ts) with the device group key in place of the pool name, the device key in place
 * of the user id, and a random device password in place of the user's:
 *
 * - x = H(salt ‖ SHA-256(deviceGroupKey ‖ deviceKey ‖ ":" ‖ devicePassword)); verifier v = g^x mod N.
 * - `DeviceSecretVerifierConfig`: `PasswordVerifier` and `Salt` are base64 of v and of the salt in
 *   Cognito's integer encoding ({@link toSignedBytes}), as AWS's clients send them.
 * - The `DEVICE_PASSWORD_VERIFIER` signature is {@link computePasswordClaim} with those names.
 *
 * Pure functions; src/__tests__/deviceSrp.test.ts holds them against amazon-cognito-identity-js.
 */
import { computePasswordClaim, computeX, type PasswordClaim } from './srp.js';
import { bytesToBase64, bytesToBigInt, modPow, SRP_G, SRP_N, toSignedBytes } from './srpMath.js';

/** Random bytes of a device password: 40, as AWS's clients use. */
export const DEVICE_PASSWORD_BYTES = 40;

/** Random bytes of a device verifier's salt: 16, as AWS's clients use. */
export const DEVICE_SALT_BYTES = 16;

/** The keys of a device Cognito handed out (`NewDeviceMetadata`). */
export interface DeviceKeys {
  deviceKey: string;
  deviceGroupKey: string;
}

/** `ConfirmDevice`'s `DeviceSecretVerifierConfig`. */
export interface DeviceSecretVerifierConfig {
  /** base64 of the verifier v = g^x mod N. */
  PasswordVerifier: string;
  /** base64 of the salt. */
  Salt: string;
}

/**
 * A new device password: base64 of 40 random bytes.
 * @example
 * ```ts
 * const devicePassword = createDevicePassword();
 * ```
 */
export function createDevicePassword(): string {
  return bytesToBase64(globalThis.crypto.getRandomValues(new Uint8Array(DEVICE_PASSWORD_BYTES)));
}

/**
 * The verifier config of a device for a given password and salt (deterministic).
 * @example
 * ```ts
 * const config = await computeDeviceVerifierConfig({ deviceKey, deviceGroupKey, devicePassword, salt });
 * ```
 */
export async function computeDeviceVerifierConfig(
  input: DeviceKeys & { devicePassword: string; salt: bigint },
): Promise<DeviceSecretVerifierConfig> {
  const x = await computeX(input.salt, input.deviceGroupKey, input.deviceKey, input.devicePassword);
  return {
    PasswordVerifier: bytesToBase64(toSignedBytes(modPow(SRP_G, x, SRP_N))),
    Salt: bytesToBase64(toSignedBytes(input.salt)),
  };
}

/**
 * A new device secret: a random password and salt, and the verifier config `ConfirmDevice`
 * registers. The password stays on the device; Cognito keeps only the verifier.
 * @example
 * ```ts
 * const { devicePassword, verifierConfig } = await createDeviceSecret({ deviceKey, deviceGroupKey });
 * ```
 */
export async function createDeviceSecret(
  keys: DeviceKeys,
): Promise<{ devicePassword: string; verifierConfig: DeviceSecretVerifierConfig }> {
  const devicePassword = createDevicePassword();
  const salt = bytesToBigInt(globalThis.crypto.getRandomValues(new Uint8Array(DEVICE_SALT_BYTES)));
  const verifierConfig = await computeDeviceVerifierConfig({ ...keys, devicePassword, salt });
  return { devicePassword, verifierConfig };
}

/**
 * The `PASSWORD_CLAIM_SIGNATURE` of `DEVICE_PASSWORD_VERIFIER`: the password claim with the device
 * group key as pool name, the device key as user id and the device password. Rejects (RangeError)
 * when B mod N = 0 or u = 0.
 * @example
 * ```ts
 * const signature = await computeDeviceClaim({ a, A, B, salt, ...device, secretBlock, timestamp });
 * ```
 */
export async function computeDeviceClaim(
  input: DeviceKeys &
    Pick<PasswordClaim, 'secretBlock' | 'timestamp'> & {
      devicePassword: string;
      a: bigint;
      A: bigint;
      B: bigint;
      salt: bigint;
    },
): Promise<string> {
  const { signature } = await computePasswordClaim({
    ...input,
    password: input.devicePassword,
    poolName: input.deviceGroupKey,
    userId: input.deviceKey,
  });
  return signature;
}
