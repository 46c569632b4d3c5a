/**
 * What the audit trail may keep of a request's input or an operation's output (aws-behaviour.md §13.6): the
 * members the model knows, under their model names, with every secret left out. A secret is a member whose
 * shape the model marks `sensitive` (passwords, `SecretAccessKey`, `SAMLAssertion`, `WebIdentityToken`…), any
 * blob (object bodies, QR codes), and the few members CloudTrail does not log although the model does not mark
 * them: one-time MFA codes (the IAM user guide's AssumeRole event shows `serialNumber` and no `tokenCode`) and
 * session tokens, which the lab never writes to its trail (design.md "Security defaults").
 * Pure and shallow in cost: it walks only the value it is given.
 */
import type { AnyProtocolName, ServiceModel } from './model.js';

/** JSON, as the audit trail stores it (the store's `Json`, which protocol/ may not import). */
type LoggedValue = null | boolean | number | string | readonly LoggedValue[] | { readonly [key: string]: LoggedValue };

const NEVER_LOGGED: ReadonlySet<string> = new Set(['TokenCode', 'AuthenticationCode1', 'AuthenticationCode2', 'SessionToken']);

type AnyModel = ServiceModel<AnyProtocolName>;

/** `value` as the shape `shapeName` describes it, secrets left out; undefined when nothing is left. */
export function loggableValue(model: AnyModel, shapeName: string, value: unknown): LoggedValue | undefined {
  const shape = model.shapes[shapeName];
  if (shape === undefined || value === undefined || value === null) return undefined;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object') return undefined;
      const source = value as Record<string, unknown>;
      const out: Record<string, LoggedValue> = {};
      // The value's own members, looked up in the shape: inputs set few of their shape's many members.
      for (const name in source) {
        const ref = Object.hasOwn(source, name) && Object.hasOwn(shape.members, name) ? shape.members[name] : undefined;
        if (ref === undefined || NEVER_LOGGED.has(name) || ref.streaming === true) continue;
        const kept = loggableValue(model, ref.shape, source[name]);
        if (kept !== undefined) out[name] = kept;
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value)) return undefined;
      const out: LoggedValue[] = [];
      for (const item of value) {
        const kept = loggableValue(model, shape.member.shape, item);
        if (kept !== undefined) out.push(kept);
      }
      return out;
    }
    case 'map': {
      if (typeof value !== 'object') return undefined;
      const out: Record<string, LoggedValue> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        const kept = loggableValue(model, shape.value.shape, item);
        if (kept !== undefined) out[key] = kept;
      }
      return out;
    }
    case 'string':
      return shape.sensitive === true || typeof value !== 'string' ? undefined : value;
    case 'blob':
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    default:
      // Numbers and timestamps (epoch ms).
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  }
}
