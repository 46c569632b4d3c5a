import type { ConditionBlock, PrincipalSpec } from '../types.js';

/**
 * What the syntax reader could make of a document: every element it could read, normalised, with
 * `null` standing for "present but malformed" (already reported as a syntax issue) so that later checks
 * neither repeat the problem nor report a missing element that was merely mistyped.
 */
export type ListField = 'Action' | 'NotAction' | 'Resource' | 'NotResource';
export type PrincipalField = 'Principal' | 'NotPrincipal';

export interface DraftStatement {
  /** Position in the Statement array (0 when Statement was a single object). */
  readonly index: number;
  /** JSON path of the statement, e.g. `Statement[2]` or `Statement`. */
  readonly path: string;
  readonly sid: string | null | undefined;
  /** The Effect text as written when it is `Allow`/`Deny` in any letter case; otherwise null or absent. */
  readonly effect: string | null | undefined;
  readonly lists: Readonly<Partial<Record<ListField, readonly string[] | null>>>;
  readonly principals: Readonly<Partial<Record<PrincipalField, PrincipalSpec | null>>>;
  readonly condition: ConditionBlock | null | undefined;
}

export interface DraftDocument {
  readonly version: string | null | undefined;
  readonly id: string | null | undefined;
  readonly statementWasObject: boolean;
  readonly statements: readonly DraftStatement[];
}
