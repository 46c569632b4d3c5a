/**
 * Flat query parameters → a tree keyed by the dot-separated segments of each name, so the shape-driven
 * decoder can walk `Tags.member.1.Key` or `Filter.1.Value.2` one step at a time (aws-behaviour.md §0.2).
 */
import type { FormPairs } from './decode-form.js';

export interface ParamNode {
  /** The value sent for exactly this name, if any (first occurrence wins). */
  value: string | undefined;
  readonly children: Map<string, ParamNode>;
}

export function buildParamTree(params: FormPairs): ParamNode {
  const root: ParamNode = { value: undefined, children: new Map() };
  for (const [name, value] of params) {
    let node = root;
    for (const segment of name.split('.')) {
      let child = node.children.get(segment);
      if (child === undefined) {
        child = { value: undefined, children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    if (node.value === undefined) node.value = value;
  }
  return root;
}

/** The children named `1`, `2`, … in numeric order: the elements of a serialised list or map. */
export function indexedChildren(node: ParamNode): ParamNode[] {
  const entries: [number, ParamNode][] = [];
  for (const [segment, child] of node.children) {
    if (/^[1-9][0-9]{0,8}$/.test(segment)) entries.push([Number(segment), child]);
  }
  return entries.sort((a, b) => a[0] - b[0]).map(([, child]) => child);
}

/** The first value sent for a top-level name (`Action`, `Version`). */
export function firstParam(params: FormPairs, name: string): string | undefined {
  for (const [n, v] of params) if (n === name) return v;
  return undefined;
}
