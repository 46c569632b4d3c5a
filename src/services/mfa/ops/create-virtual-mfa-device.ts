/**
 * iam:CreateVirtualMFADevice (aws-behaviour.md §2.5): a new, unassigned device with a 20-byte random seed.
 * The seed leaves iamlab only here: `Base32StringSeed` is the base32 text as bytes (base64 again on the
 * wire), `QRCodePNG` a PNG of the `otpauth://` URI. The device is unassigned, so the URI names the account.
 */
import { mfaArn } from '../../../arn/arn.js';
import { base32Encode } from '../../../lib/base32.js';
import { qrPng } from '../../../lib/qr-png.js';
import type { CreateVirtualMFADeviceRequest, CreateVirtualMFADeviceResponse } from '../../../protocol/models/iam.js';
import { defineOperation, type Operation } from '../../operation.js';
import type { MfaDeps } from '../mfa-deps.js';
import type { MfaDevice } from '../mfa-device.js';
import { mfaErrors } from '../mfa-errors.js';
import { tagsFromWire, tagsToWire } from '../mfa-tags.js';
import { otpauthUri } from '../otpauth-uri.js';

/** RFC 4226 §4 asks for at least 128 bits and recommends 160. */
const SEED_BYTES = 20;

export function createVirtualMfaDevice(deps: MfaDeps): Operation {
  return defineOperation<CreateVirtualMFADeviceRequest, CreateVirtualMFADeviceResponse>({
    name: 'CreateVirtualMFADevice',
    authorization: {
      kind: 'policy',
      action: 'iam:CreateVirtualMFADevice',
      resources: (input, ctx) => [mfaArn(ctx.account, input.Path ?? '/', input.VirtualMFADeviceName)],
    },
    handle: async (input, ctx) => {
      const path = input.Path ?? '/';
      const tags = tagsFromWire(input.Tags);
      const device: MfaDevice = {
        account: ctx.account,
        serialNumber: mfaArn(ctx.account, path, input.VirtualMFADeviceName),
        path,
        name: input.VirtualMFADeviceName,
        // IdSource hands out random bytes as base64 text; decoding gives the bytes back exactly.
        seed: Buffer.from(ctx.ids.token(SEED_BYTES), 'base64'),
        tags,
        createDateMs: ctx.nowMs,
        assignment: undefined,
        lastUsedStep: undefined,
        driftSteps: 0,
      };
      await deps.state.mutate(() => {
        if (deps.state.find(ctx.account, device.serialNumber) !== undefined) throw mfaErrors.deviceExists();
        return { writes: [{ kind: 'put', device }], result: undefined };
      });
      const secret = base32Encode(device.seed, { padding: false });
      return {
        VirtualMFADevice: {
          SerialNumber: device.serialNumber,
          Base32StringSeed: Buffer.from(secret, 'ascii'),
          QRCodePNG: qrPng(otpauthUri(device.name, ctx.account, secret)),
          ...(tags.length === 0 ? {} : { Tags: tagsToWire(tags) }),
        },
      };
    },
  });
}
