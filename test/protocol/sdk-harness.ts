/**
 * Test-only: a `requestHandler` for the real AWS SDK v3 clients that captures the HTTP request the SDK
 * built and answers with whatever body/status the test supplies — no network, no server.
 */
import { decodeForm } from '../../src/protocol/decode-form.js';
import type { FormPairs } from '../../src/protocol/decode-form.js';
import type { ServiceModel } from '../../src/protocol/model.js';
import { InternalError } from '../../src/errors/aws-error.js';

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

interface SdkRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

export class CapturingHandler {
  captured: SdkRequest | undefined;
  reply: Reply = { status: 200, body: '' };

  async handle(request: SdkRequest): Promise<{ response: unknown }> {
    this.captured = request;
    const body = new Uint8Array(Buffer.from(this.reply.body, 'utf8'));
    return {
      response: { statusCode: this.reply.status, reason: '', headers: { 'x-amzn-requestid': 'req-1', ...this.reply.headers }, body },
    };
  }

  /** The form pairs of the captured body. */
  params(): FormPairs {
    const body = this.captured?.body;
    const text = typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : '';
    const form = decodeForm(text);
    if (form.kind !== 'ok') throw new InternalError(form.error.message);
    return form.params;
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}

export function clientConfig(handler: CapturingHandler): Record<string, unknown> {
  return {
    region: 'eu-west-1',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    requestHandler: handler,
    maxAttempts: 1,
  };
}

/** Our internal output representation → what the SDK hands back (timestamps as Dates). */
export function toSdkShape(model: ServiceModel, shapeName: string, value: unknown): unknown {
  const shape = model.shapes[shapeName]!;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toSdkShape(model, shape.members[k]!.shape, v);
      return out;
    }
    case 'list':
      return (value as unknown[]).map((v) => toSdkShape(model, shape.member.shape, v));
    case 'timestamp':
      return new Date(value as number);
    default:
      return value;
  }
}

export function withoutMetadata(output: Record<string, unknown>): Record<string, unknown> {
  const { $metadata: _ignored, ...rest } = output;
  return rest;
}
