/**
 * Remembered devices in a Cognito sign-in, on the wire (docs/cognito-wire.md section 7): the
 * `DEVICE_KEY` a sign-in presents, the `DEVICE_SRP_AUTH` → `DEVICE_PASSWORD_VERIFIER` exchange
 * that proves the device instead of an MFA code, and `ConfirmDevice` for a device Cognito has
 * just handed out. The device SRP values are in deviceSrp.ts.
 */
import { isSessionError, SessionError } from '../../errors.js';
import type { RememberedDevice } from '../../storage/deviceStore.js';
import type { ProviderContext } from '../types.js';
import type { CognitoApiCall } from './cognitoApi.js';
import { answerChallenge, type NewDeviceMetadata, type SignInStep } from './cognitoSignIn.js';
import { deviceApiError } from './deviceApi.js';
import { computeDeviceClaim, createDeviceSecret } from './deviceSrp.js';
import { createSrpClientKeys, formatSrpTimestamp } from './srp.js';
import { hexToBigInt } from './srpMath.js';
import type { ProviderRun } from './srpSignIn.js';

/**
 * The remembered device one sign-in presents. Internal: the password flow makes one per sign-in
 * over the session's device store.
 */
export interface DeviceChoice {
  /** The device presented so far, if any. */
  readonly current: RememberedDevice | undefined;
  /** Picks the device remembered for `username`, unless one is picked or was dropped. */
  find(username: string): Promise<RememberedDevice | undefined>;
  /** Cognito refused the device: forget it here, and present none for the rest of the sign-in. */
  drop(): Promise<void>;
}

/**
 * Whether Cognito refused a request because it does not know the device it names:
 * `ResourceNotFoundException` "Device does not exist." (a device forgotten elsewhere).
 */
export function isUnknownDevice(error: unknown): boolean {
  return (
    isSessionError(error) &&
    error.providerCode === 'ResourceNotFoundException' &&
    /device/i.test(error.providerMessage ?? error.message)
  );
}

/**
 * Runs the first requests of a sign-in (`attempt`), which present `devices.current`; when Cognito
 * does not know that device, drops it and resolves with `restart()`, the sign-in from the start
 * without a device. (AWS's clients resend only the answer; starting over does not depend on
 * whether Cognito kept the `DEVICE_KEY` of `InitiateAuth`.)
 */
export async function presentDevice(
  devices: DeviceChoice | undefined,
  attempt: () => Promise<SignInStep>,
  restart: () => Promise<SignInStep>,
): Promise<SignInStep> {
  try {
    return await attempt();
  } catch (error) {
    if (!devices?.current || !isUnknownDevice(error)) throw error;
    await devices.drop();
    return restart();
  }
}

/** Refusals of a device's proof that mean the stored device is unusable, not a passing failure. */
function isDeviceRefusal(error: unknown): boolean {
  return (
    isUnknownDevice(error) ||
    (isSessionError(error) &&
      error.providerCode === 'NotAuthorizedException' &&
      error.code === 'invalid_grant')
  );
}

function readDeviceVerifier(parameters: Record<string, unknown>) {
  const { SRP_B: srpB, SALT: salt, SECRET_BLOCK: secretBlock } = parameters;
  const isHex = (value: unknown): value is string =>
    typeof value === 'string' && /^[0-9a-f]+$/i.test(value);
  if (!isHex(srpB) || !isHex(salt) || typeof secretBlock !== 'string' || secretBlock === '') {
    throw new SessionError(
      'invalid_response',
      "Cognito's DEVICE_PASSWORD_VERIFIER challenge lacks SRP_B, SALT or SECRET_BLOCK.",
      { retryable: true },
    );
  }
  return { B: hexToBigInt(srpB), salt: hexToBigInt(salt), secretBlock };
}

/**
 * Proves a remembered device (docs/cognito-wire.md section 7): answers `DEVICE_SRP_AUTH` with
 * `USERNAME`, `DEVICE_KEY` and `SRP_A`, then `DEVICE_PASSWORD_VERIFIER` with a password claim
 * signed with the device's password. Resolves with the step after that (tokens).
 *
 * @example
 * ```ts
 * const next = await answerDeviceSrp(internals.call, callApi, clientId, step, device);
 * ```
 */
export async function answerDeviceSrp(
  run: ProviderRun,
  api: CognitoApiCall,
  clientId: string,
  challenge: { session: string; username: string },
  device: RememberedDevice,
): Promise<SignInStep> {
  const { a, A } = createSrpClientKeys();
  const { deviceKey } = device;
  const step = await run((context) =>
    answerChallenge(
      api,
      clientId,
      { name: 'DEVICE_SRP_AUTH', session: challenge.session, username: challenge.username },
      { DEVICE_KEY: deviceKey, SRP_A: A.toString(16) },
      context,
    ),
  );
  if (step.kind !== 'challenge' || step.name !== 'DEVICE_PASSWORD_VERIFIER') return step;
  const { B, salt, secretBlock } = readDeviceVerifier(step.parameters);
  return run(async (context) => {
    const timestamp = formatSrpTimestamp(context.now());
    let signature: string;
    try {
      signature = await computeDeviceClaim({ ...device, a, A, B, salt, secretBlock, timestamp });
    } catch (error) {
      // B mod N = 0, u = 0 or a secret block that is not base64: SRP-6a says abort.
      throw new SessionError(
        'invalid_response',
        `Cognito's DEVICE_PASSWORD_VERIFIER challenge is unusable (${(error as Error).message}).`,
        { retryable: true },
      );
    }
    return answerChallenge(
      api,
      clientId,
      { name: 'DEVICE_PASSWORD_VERIFIER', session: step.session, username: step.username },
      {
        DEVICE_KEY: deviceKey,
        PASSWORD_CLAIM_SECRET_BLOCK: secretBlock,
        PASSWORD_CLAIM_SIGNATURE: signature,
        TIMESTAMP: timestamp,
      },
      context,
    );
  });
}

/**
 * Answers `DEVICE_SRP_AUTH` when Cognito asks for it (a remembered device instead of MFA); any
 * other step passes through. When Cognito refuses the device (forgotten, or a device password it
 * does not accept), drops it and resolves with `restart()`: the sign-in again without a device,
 * which asks for MFA if the user has it.
 */
export async function continueWithDevice(
  run: ProviderRun,
  api: CognitoApiCall,
  clientId: string,
  step: SignInStep,
  devices: DeviceChoice | undefined,
  restart: () => Promise<SignInStep>,
): Promise<SignInStep> {
  if (step.kind !== 'challenge' || step.name !== 'DEVICE_SRP_AUTH') return step;
  const device = devices?.current;
  if (!device) {
    throw new SessionError(
      'challenge',
      'Cognito asked to prove a remembered device (DEVICE_SRP_AUTH), but this browser has no device stored for the user; sign in again.',
    );
  }
  try {
    return await answerDeviceSrp(run, api, clientId, step, device);
  } catch (error) {
    if (!devices || !isDeviceRefusal(error)) throw error;
    await devices.drop();
    return restart();
  }
}

/**
 * Confirms a device Cognito has just handed out (`ConfirmDevice`, docs/cognito-wire.md section 7):
 * registers the verifier of a new random device password. Resolves with the device to remember
 * and whether the user must opt in (`UserConfirmationNecessary`) before Cognito remembers it.
 *
 * @example
 * ```ts
 * const { device, rememberRequired } = await confirmDevice(callApi, context, accessToken, newDevice, 'Firefox on Linux');
 * ```
 */
export async function confirmDevice(
  api: CognitoApiCall,
  context: ProviderContext,
  accessToken: string,
  newDevice: NewDeviceMetadata,
  deviceName: string,
): Promise<{ device: RememberedDevice; rememberRequired: boolean }> {
  const { devicePassword, verifierConfig } = await createDeviceSecret(newDevice);
  const input = {
    AccessToken: accessToken,
    DeviceKey: newDevice.deviceKey,
    DeviceSecretVerifierConfig: verifierConfig,
    DeviceName: deviceName,
  };
  const response = await api(context, 'ConfirmDevice', input, deviceApiError);
  const body = response.json as { UserConfirmationNecessary?: unknown } | null;
  return {
    device: { ...newDevice, devicePassword },
    rememberRequired: body?.UserConfirmationNecessary === true,
  };
}
