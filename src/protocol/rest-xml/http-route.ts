/**
 * An operation's REST binding compiled for matching: the path template split into literal and label
 * segments, the literal query conditions of its `requestUri` (`?uploads`, `?list-type=2`), and the
 * query parameters and headers its input requires. S3 binds several operations to the same method and path
 * (PutObject, CopyObject and UploadPart are all `PUT /{Bucket}/{Key+}`); what tells them apart is exactly
 * these required members (`x-amz-copy-source`; `partNumber` + `uploadId`), so a route's specificity is the
 * number of conditions it puts on the query and headers, and the most specific matching route wins.
 */
import { InternalError } from '../../errors/aws-error.js';
import type { OperationModel, RestXmlServiceModel } from '../model.js';

export type RouteSegment =
  { readonly kind: 'literal'; readonly text: string } | { readonly kind: 'label'; readonly name: string; readonly greedy: boolean };

export interface QueryCondition {
  readonly name: string;
  /** Required value; absent means the key must merely be present (`?uploads`). */
  readonly value?: string;
}

export interface HttpRoute {
  readonly operation: string;
  readonly method: string;
  readonly segments: readonly RouteSegment[];
  readonly queryLiterals: readonly QueryCondition[];
  /** Wire names of required `querystring` members. */
  readonly requiredQuery: readonly string[];
  /** Lower-cased names of required `header` members. */
  readonly requiredHeaders: readonly string[];
  /** Every query key this operation understands (literals and querystring members). */
  readonly knownQuery: ReadonlySet<string>;
  readonly specificity: number;
}

const cache = new WeakMap<RestXmlServiceModel, readonly HttpRoute[]>();

/** The model's routes, most specific first (ties keep model order). Compiled once per model. */
export function httpRoutes(model: RestXmlServiceModel): readonly HttpRoute[] {
  let routes = cache.get(model);
  if (routes === undefined) {
    routes = Object.entries(model.operations)
      .map(([name, op]) => compileRoute(model, name, op))
      .sort((a, b) => b.specificity - a.specificity);
    cache.set(model, routes);
  }
  return routes;
}

const byMethod = new WeakMap<RestXmlServiceModel, ReadonlyMap<string, readonly HttpRoute[]>>();

/** The model's routes for one method (upper case), in `httpRoutes` order: a GET need not look at the PUTs. */
export function httpRoutesFor(model: RestXmlServiceModel, method: string): readonly HttpRoute[] {
  let routes = byMethod.get(model);
  if (routes === undefined) {
    const grouped = new Map<string, HttpRoute[]>();
    for (const route of httpRoutes(model)) {
      const same = grouped.get(route.method);
      if (same === undefined) grouped.set(route.method, [route]);
      else same.push(route);
    }
    routes = grouped;
    byMethod.set(model, routes);
  }
  return routes.get(method) ?? [];
}

function compileRoute(model: RestXmlServiceModel, operation: string, op: OperationModel): HttpRoute {
  if (op.http === undefined) throw new InternalError(`operation ${operation} has no http binding`);
  const [pathPart = '/', queryPart] = op.http.requestUri.split('?', 2);
  const queryLiterals =
    queryPart === undefined
      ? []
      : queryPart
          .split('&')
          .filter((q) => q !== '')
          .map(queryCondition);
  const requiredQuery: string[] = [];
  const requiredHeaders: string[] = [];
  const knownQuery = new Set(queryLiterals.map((q) => q.name));
  const input = op.input === undefined ? undefined : model.shapes[op.input];
  if (input?.type === 'structure') {
    const required = new Set(input.required ?? []);
    for (const [name, ref] of Object.entries(input.members)) {
      const wire = ref.locationName ?? name;
      if (ref.location === 'querystring') knownQuery.add(wire);
      if (!required.has(name)) continue;
      if (ref.location === 'querystring') requiredQuery.push(wire);
      if (ref.location === 'header') requiredHeaders.push(wire.toLowerCase());
    }
  }
  return {
    operation,
    method: op.http.method,
    segments: pathSegments(pathPart),
    queryLiterals,
    requiredQuery,
    requiredHeaders,
    knownQuery,
    specificity: queryLiterals.length + requiredQuery.length + requiredHeaders.length,
  };
}

function queryCondition(literal: string): QueryCondition {
  const eq = literal.indexOf('=');
  return eq === -1 ? { name: literal } : { name: literal.slice(0, eq), value: literal.slice(eq + 1) };
}

function pathSegments(template: string): RouteSegment[] {
  return template
    .split('/')
    .slice(1)
    .map((segment) => {
      const label = /^\{([^}+]+)(\+?)\}$/.exec(segment);
      if (label === null) return { kind: 'literal', text: segment } as const;
      return { kind: 'label', name: label[1]!, greedy: label[2] === '+' } as const;
    });
}
