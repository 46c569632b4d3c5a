/**
 * Prefix → namespace URI bindings in scope at an element: its own declarations, then its ancestors' (Namespaces
 * in XML 1.0 §6.1). Each element keeps only what it declares and points at its parent's scope, so reading a
 * document costs what it declares, not the number of its elements times the bindings above them — copying the
 * inherited bindings at every declaring element made a 100,000-character assertion cost a third of a second.
 * A lookup walks at most the document's depth, which the reader bounds.
 */
export class NamespaceScope {
  private constructor(
    private readonly own: ReadonlyMap<string, string>,
    private readonly parent: NamespaceScope | undefined,
  ) {}

  static root(bindings: ReadonlyMap<string, string>): NamespaceScope {
    return new NamespaceScope(bindings, undefined);
  }

  /** This scope with `bindings` declared on top; this one when there are none. */
  with(bindings: ReadonlyMap<string, string>): NamespaceScope {
    return bindings.size === 0 ? this : new NamespaceScope(bindings, this);
  }

  /** The URI bound to `prefix` (`''` for the default namespace; `''` also when it was undeclared), or undefined. */
  get(prefix: string): string | undefined {
    return this.own.get(prefix) ?? this.parent?.get(prefix);
  }

  has(prefix: string): boolean {
    return this.get(prefix) !== undefined;
  }
}
