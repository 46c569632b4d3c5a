/** The admin API's one response shape: pretty JSON with a trailing newline (it is read by people too). */
import type { Json } from '../../store/port.js';
import type { RawResponse } from '../raw-http.js';

export function jsonResponse(status: number, body: Json): RawResponse {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  return {
    status,
    headers: [
      ['Content-Type', 'application/json'],
      ['Content-Length', String(Buffer.byteLength(text))],
    ],
    body: text,
  };
}
