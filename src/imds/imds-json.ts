/**
 * JSON as IMDS writes it (aws-behaviour.md §4.3): two-space indent and `" : "` between key and value, keys in
 * AWS's order, values strings or null. Timestamps are whole seconds in the client's frame.
 */
import { isoSeconds } from '../lib/encoding.js';

type ImdsJsonValue = string | null;

export function imdsJson(entries: readonly (readonly [string, ImdsJsonValue])[]): string {
  const lines = entries.map(([key, value]) => `  ${JSON.stringify(key)} : ${value === null ? 'null' : JSON.stringify(value)}`);
  return `{\n${lines.join(',\n')}\n}`;
}

/** `2024-05-01T16:25:16Z`: botocore parses Expiration with `%Y-%m-%dT%H:%M:%SZ` (§4.3). */
export function imdsTime(wallMs: number): string {
  return isoSeconds(wallMs);
}
