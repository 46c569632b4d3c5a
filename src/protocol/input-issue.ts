/**
 * What can be wrong with a request's parameters, as values (conventions #5): the decoder collects every
 * issue, and each protocol turns the list into its own error (Coral `ValidationError` for query services,
 * `MissingParameter` / `InvalidParameterValue` for EC2).
 */
import type { ScalarShapeType } from './parse-scalar.js';

/** One step of the path to a value: a structure member (model name and the wire name used) or a list index. */
export type PathSegment =
  { readonly kind: 'member'; readonly name: string; readonly wire: string } | { readonly kind: 'index'; readonly index: number };

export type Constraint =
  | { readonly kind: 'pattern'; readonly pattern: string }
  | { readonly kind: 'minLength'; readonly limit: number }
  | { readonly kind: 'maxLength'; readonly limit: number }
  | { readonly kind: 'minValue'; readonly limit: number }
  | { readonly kind: 'maxValue'; readonly limit: number }
  | { readonly kind: 'enum'; readonly values: readonly string[] };

export type InputIssue =
  | { readonly kind: 'missing'; readonly path: readonly PathSegment[] }
  | {
      readonly kind: 'malformed';
      readonly path: readonly PathSegment[];
      readonly raw: string;
      readonly expected: ScalarShapeType;
    }
  | {
      readonly kind: 'constraint';
      readonly path: readonly PathSegment[];
      readonly value: unknown;
      readonly sensitive: boolean;
      readonly constraint: Constraint;
    };
