/**
 * What the lab's two credential agents answer, independent of sockets, and what the audit trail keeps of it.
 * Header names and the Go defaults the agents inherit: `http.Error` writes `text/plain; charset=utf-8` with
 * `X-Content-Type-Options: nosniff` and a trailing newline; JSON bodies are Go's compact `json.Marshal`.
 */
import type { ContainerRecord } from './container-records.js';
import type { Delivery } from './container-keeper.js';

export interface AgentRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly remoteAddress: string;
}

export interface AgentAnswer {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

/** What happened, for the audit event. */
export interface AgentOutcome {
  readonly answer: AgentAnswer;
  readonly record?: ContainerRecord;
  readonly delivery?: Delivery;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

export function jsonAnswer(status: number, body: string): AgentAnswer {
  return { status, headers: [['Content-Type', 'application/json']], body };
}

/** Go's `http.Error(w, message, status)`. */
export function goHttpError(status: number, message: string): AgentAnswer {
  return {
    status,
    headers: [
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['X-Content-Type-Options', 'nosniff'],
    ],
    body: `${message}\n`,
  };
}

/** Go's `http.NotFound`: what either agent's router answers for a path it does not serve. */
export const NOT_FOUND: AgentAnswer = goHttpError(404, '404 page not found');
