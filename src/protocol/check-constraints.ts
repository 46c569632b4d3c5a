/**
 * A decoded value against its shape's model constraints, in the order Coral reports them for one member:
 * pattern before length (observed: "Value '' at 'roleArn' … pattern …; Value '' at 'roleArn' … length
 * greater than or equal to 20", aws-runas#80), then numeric range, then enum (aws-behaviour.md §0.7).
 */
import type { Constraint } from './input-issue.js';
import { matchesJavaPattern } from './java-pattern.js';
import type { ShapeModel } from './model.js';

export function checkConstraints(shape: ShapeModel, value: unknown): Constraint[] {
  switch (shape.type) {
    case 'string':
      return typeof value === 'string' ? stringViolations(shape, value) : [];
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return typeof value === 'number' ? rangeViolations(shape.min, shape.max, value) : [];
    case 'list':
      return Array.isArray(value) ? lengthViolations(shape.min, shape.max, value.length) : [];
    case 'map':
      return typeof value === 'object' && value !== null ? lengthViolations(shape.min, shape.max, Object.keys(value).length) : [];
    case 'blob':
      return value instanceof Uint8Array ? lengthViolations(shape.min, shape.max, value.length) : [];
    case 'structure':
    case 'boolean':
    case 'timestamp':
      return [];
  }
}

function stringViolations(shape: ShapeModel & { type: 'string' }, value: string): Constraint[] {
  const found: Constraint[] = [];
  if (shape.pattern !== undefined && !matchesJavaPattern(shape.pattern, value)) {
    found.push({ kind: 'pattern', pattern: shape.pattern });
  }
  // Java's String.length(), like JavaScript's, counts UTF-16 code units.
  found.push(...lengthViolations(shape.min, shape.max, value.length));
  if (shape.enum !== undefined && !shape.enum.includes(value)) found.push({ kind: 'enum', values: shape.enum });
  return found;
}

function lengthViolations(min: number | undefined, max: number | undefined, length: number): Constraint[] {
  if (min !== undefined && length < min) return [{ kind: 'minLength', limit: min }];
  if (max !== undefined && length > max) return [{ kind: 'maxLength', limit: max }];
  return [];
}

function rangeViolations(min: number | undefined, max: number | undefined, value: number): Constraint[] {
  if (min !== undefined && value < min) return [{ kind: 'minValue', limit: min }];
  if (max !== undefined && value > max) return [{ kind: 'maxValue', limit: max }];
  return [];
}
