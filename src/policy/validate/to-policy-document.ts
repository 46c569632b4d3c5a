import type { DraftDocument, DraftStatement } from '../parse/draft.js';
import type { Effect, PolicyDocument, Statement } from '../types.js';

/**
 * The evaluator's view of a document that passed every check: string-or-array elements as arrays, Effect as
 * written (by now exactly `Allow` or `Deny`), optional elements only when present.
 */
export function toPolicyDocument(draft: DraftDocument): PolicyDocument {
  return {
    ...(typeof draft.version === 'string' ? { version: draft.version } : {}),
    ...(typeof draft.id === 'string' ? { id: draft.id } : {}),
    statementWasObject: draft.statementWasObject,
    statements: draft.statements.map(toStatement),
  };
}

function toStatement(s: DraftStatement): Statement {
  const effect: Effect = s.effect === 'Deny' ? 'Deny' : 'Allow';
  const { Action, NotAction, Resource, NotResource } = s.lists;
  const { Principal, NotPrincipal } = s.principals;
  return {
    ...(typeof s.sid === 'string' ? { sid: s.sid } : {}),
    effect,
    ...(Action ? { action: Action } : {}),
    ...(NotAction ? { notAction: NotAction } : {}),
    ...(Resource ? { resource: Resource } : {}),
    ...(NotResource ? { notResource: NotResource } : {}),
    ...(Principal ? { principal: Principal } : {}),
    ...(NotPrincipal ? { notPrincipal: NotPrincipal } : {}),
    ...(s.condition ? { condition: s.condition } : {}),
  };
}
