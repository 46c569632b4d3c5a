/**
 * The console's one rendering helper: `h()` builds an element from a tag, attributes and children, `svg()`
 * the same in the SVG namespace. Pages build their data regions afresh with it when the model changes
 * (design.md "The console": no framework, the page is small enough to redraw).
 */
type Child = Node | string | number | null | undefined | false | readonly Child[];
type Attributes = Readonly<Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>>;

function apply(element: Element, attributes: Attributes | null, children: readonly Child[]): void {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
}

function append(parent: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (typeof child === 'string' || typeof child === 'number') parent.append(String(child));
    else if (child instanceof Node) parent.append(child);
    else append(parent, child);
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  apply(element, attributes, children);
  return element;
}

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Attributes | null = null,
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  apply(element, attributes, children);
  return element;
}

/**
 * Replaces `container`'s children with `content`, keeping the keyboard focus on the element of the same
 * `data-key` when the focused one is redrawn (a live list must not throw the user's focus away).
 */
export function replace(container: Element, ...content: Child[]): void {
  const active = document.activeElement;
  const key = active instanceof HTMLElement || active instanceof SVGElement ? active.dataset['key'] : undefined;
  const hadFocus = key !== undefined && container.contains(active);
  container.replaceChildren();
  append(container, content);
  if (hadFocus) {
    const again = container.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (again instanceof HTMLElement || again instanceof SVGElement) again.focus();
  }
}

/** A table's header row: one column header per name. */
export function tableHead(columns: readonly string[]): HTMLElement {
  return h(
    'thead',
    null,
    h(
      'tr',
      null,
      columns.map((c) => h('th', { scope: 'col' }, c)),
    ),
  );
}
