/**
 * What Coral prints for a list of scalars whose elements break their shape's constraints: one issue at the
 * list, listing every constraint the element shape declares — violated or not — in brackets
 * (aws-behaviour.md §10.7):
 *   `Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must have length
 *   less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular
 *   expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+, Member must not be null]`
 * The order inside the brackets is the maximum, the minimum, then the pattern [O: LS-SNAP tagKeys,
 * clientIDList, thumbprintList; the same order in ACM's and Lambda's answers]; [U] where an enum goes among
 * them.
 */
import type { Constraint, PathSegment } from './input-issue.js';
import type { MemberRef, ServiceModel, ShapeModel } from './model.js';

export interface ListElementRules {
  readonly constraints: readonly Constraint[];
  /**
   * Whether Coral adds `Member must not be null`. The botocore model does not say: AWS adds it for IAM's
   * `tagKeys` and not for `clientIDList` or `thumbprintList` [O: LS-SNAP]; other lists are [U] and get none.
   */
  readonly notNull: boolean;
}

/** Element shapes whose list message ends with `Member must not be null` (see above). */
const NOT_NULL_ELEMENTS: ReadonlySet<string> = new Set(['tagKeyType']);

/** Resolves the element rules of the list at a path of the operation's input, or `undefined` for non-lists. */
export type ListElementLookup = (listPath: readonly PathSegment[]) => ListElementRules | undefined;

/** The name of the shape at a path of an operation's input (list indexes step into the element). */
export function shapeNameAt(model: ServiceModel, inputShape: string | undefined, path: readonly PathSegment[]): string | undefined {
  if (inputShape === undefined) return undefined;
  let ref: MemberRef | undefined = { shape: inputShape };
  for (const segment of path) {
    const shape: ShapeModel | undefined = ref === undefined ? undefined : model.shapes[ref.shape];
    if (shape === undefined) return undefined;
    if (segment.kind === 'member') ref = shape.type === 'structure' ? shape.members[segment.name] : undefined;
    else ref = shape.type === 'list' ? shape.member : shape.type === 'map' ? shape.value : undefined;
  }
  return ref?.shape;
}

export function listElementLookup(model: ServiceModel, inputShape: string | undefined): ListElementLookup {
  return (listPath) => {
    const listName = shapeNameAt(model, inputShape, listPath);
    const list = listName === undefined ? undefined : model.shapes[listName];
    if (list?.type !== 'list') return undefined;
    const element = model.shapes[list.member.shape];
    if (element === undefined) return undefined;
    const constraints = declaredConstraints(element);
    if (constraints === undefined) return undefined;
    return { constraints, notNull: NOT_NULL_ELEMENTS.has(list.member.shape) };
  };
}

/** Every constraint a scalar shape declares, in Coral's bracket order; `undefined` for other shapes. */
function declaredConstraints(shape: ShapeModel): Constraint[] | undefined {
  switch (shape.type) {
    case 'string': {
      const found: Constraint[] = [];
      if (shape.max !== undefined) found.push({ kind: 'maxLength', limit: shape.max });
      if (shape.min !== undefined) found.push({ kind: 'minLength', limit: shape.min });
      if (shape.pattern !== undefined) found.push({ kind: 'pattern', pattern: shape.pattern });
      if (shape.enum !== undefined) found.push({ kind: 'enum', values: shape.enum });
      return found;
    }
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      // Lambda's `[Member must have value less than or equal to 10240, Member must have value greater than
      // or equal to 512]` puts the maximum first here too [O].
      const found: Constraint[] = [];
      if (shape.max !== undefined) found.push({ kind: 'maxValue', limit: shape.max });
      if (shape.min !== undefined) found.push({ kind: 'minValue', limit: shape.min });
      return found;
    }
    case 'blob': {
      const found: Constraint[] = [];
      if (shape.max !== undefined) found.push({ kind: 'maxLength', limit: shape.max });
      if (shape.min !== undefined) found.push({ kind: 'minLength', limit: shape.min });
      return found;
    }
    case 'structure':
    case 'list':
    case 'map':
    case 'boolean':
    case 'timestamp':
      return undefined;
  }
}
