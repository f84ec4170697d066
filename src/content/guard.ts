/**
 * The test-contract attributes (data-provenance-*) are ours alone. A hostile page may create
 * elements carrying them, or change them on our hosts, to make a tool reading the page think
 * something was verified. We record what we set, strip the attributes from any element that is
 * not ours, and put ours back when the page changes them.
 */
export const ATTRIBUTES = [
  'data-provenance-summary',
  'data-provenance-alert',
  'data-provenance-file',
  'data-provenance-state',
  'data-provenance-card',
  'data-provenance-warnings',
] as const;

const owned = new WeakMap<Element, Map<string, string>>();

/** Sets one of our attributes on our host and remembers it. */
export function setOwned(el: Element, name: (typeof ATTRIBUTES)[number], value: string): void {
  let attrs = owned.get(el);
  if (!attrs) owned.set(el, (attrs = new Map()));
  attrs.set(name, value);
  el.setAttribute(name, value);
}

function fix(el: Element): void {
  const mine = owned.get(el);
  for (const name of ATTRIBUTES) {
    const expected = mine?.get(name);
    const actual = el.getAttribute(name);
    if (expected === undefined) {
      if (actual !== null) el.removeAttribute(name);
    } else if (actual !== expected) {
      el.setAttribute(name, expected);
    }
  }
}

const SELECTOR = ATTRIBUTES.map((a) => `[${a}]`).join(',');

export function sweep(root: ParentNode): void {
  for (const el of root.querySelectorAll(SELECTOR)) fix(el);
}

/** Keeps the attributes honest for the life of the page. */
export function guard(doc: Document): MutationObserver {
  sweep(doc);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.target instanceof Element) fix(r.target);
      for (const node of r.addedNodes) {
        if (node instanceof Element) {
          if (node.matches(SELECTOR)) fix(node);
          sweep(node);
        }
      }
    }
  });
  observer.observe(doc.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: [...ATTRIBUTES],
  });
  return observer;
}
