/**
 * The handlers' outputs through iamlab's query serialiser, parsed by the real AWS SDK v3 IAM client: the
 * seed and PNG blobs arrive as the bytes we meant (base64 on the wire, aws-behaviour.md §0.3) and the list
 * structures parse.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CreateVirtualMFADeviceCommand, IAMClient, ListMFADevicesCommand, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import { iamModel, serializeQueryResponse } from '../../src/protocol/index.js';
import { base32Decode } from '../../src/lib/base32.js';
import { ACCOUNT, codeAt, makeWorld, type World } from './harness.js';
import { decodeBilevelPng } from './png-reader.js';

/** Answers every SDK request with `body` (no network). */
class CannedHandler {
  body = '';
  async handle(): Promise<{ response: unknown }> {
    return {
      response: { statusCode: 200, reason: '', headers: { 'x-amzn-requestid': 'req-1' }, body: new Uint8Array(Buffer.from(this.body, 'utf8')) },
    };
  }
  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}

let world: World;
let handler: CannedHandler;
let client: IAMClient;
beforeEach(async () => {
  world = await makeWorld();
  world.users.add(ACCOUNT, 'alice');
  handler = new CannedHandler();
  client = new IAMClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    requestHandler: handler,
    maxAttempts: 1,
  });
});
afterEach(() => world.close());

async function answer(operation: string, input: object): Promise<Record<string, unknown>> {
  const output = await world.call(operation, input);
  handler.body = serializeQueryResponse(iamModel, operation, output, { requestId: 'req-1', toWireTime: (ms) => world.clock.toWall(ms) });
  return output;
}

describe('MFA outputs as the AWS SDK reads them', () => {
  it('CreateVirtualMFADevice: Base32StringSeed is the base32 text, QRCodePNG a PNG', async () => {
    await answer('CreateVirtualMFADevice', { VirtualMFADeviceName: 'phone' });
    assert.match(handler.body, /<Base32StringSeed>[A-Za-z0-9+/=]+<\/Base32StringSeed>/);
    const out = await client.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'phone' }));
    const device = out.VirtualMFADevice;
    assert.equal(device?.SerialNumber, `arn:aws:iam::${ACCOUNT}:mfa/phone`);
    const secret = Buffer.from(device?.Base32StringSeed ?? new Uint8Array()).toString('ascii');
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.deepEqual(base32Decode(secret), world.state.find(ACCOUNT, device?.SerialNumber ?? '')?.seed);
    assert.deepEqual(decodeBilevelPng(device?.QRCodePNG ?? new Uint8Array()).chunkTypes, ['IHDR', 'IDAT', 'IEND']);
  });

  it('ListVirtualMFADevices and ListMFADevices parse with user, dates and truncation', async () => {
    const created = await world.call('CreateVirtualMFADevice', { VirtualMFADeviceName: 'phone' });
    const text = Buffer.from((created['VirtualMFADevice'] as { Base32StringSeed: Uint8Array }).Base32StringSeed).toString('ascii');
    const seed = base32Decode(text) ?? Buffer.alloc(0);
    await world.call('EnableMFADevice', {
      UserName: 'alice',
      SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/phone`,
      AuthenticationCode1: codeAt(seed, world.wallMs, -1),
      AuthenticationCode2: codeAt(seed, world.wallMs, 0),
    });
    await answer('ListVirtualMFADevices', {});
    const virtual = await client.send(new ListVirtualMFADevicesCommand({}));
    assert.equal(virtual.IsTruncated, false);
    assert.equal(virtual.VirtualMFADevices?.[0]?.User?.UserName, 'alice');
    assert.equal(virtual.VirtualMFADevices?.[0]?.EnableDate?.getTime(), Math.floor(world.wallMs / 1000) * 1000);
    await answer('ListMFADevices', { UserName: 'alice' });
    const listed = await client.send(new ListMFADevicesCommand({ UserName: 'alice' }));
    assert.deepEqual(
      listed.MFADevices?.map((device) => device.SerialNumber),
      [`arn:aws:iam::${ACCOUNT}:mfa/phone`],
    );
  });
});
