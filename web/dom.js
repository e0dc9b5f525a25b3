// @ts-check
// The page's elements, found by id as the kind of element they are.

/**
 * The element `id` of this document; with `kind` (HTMLButtonElement, ...) it
 * must be one, so a renamed or retyped element in the HTML fails loudly here.
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} id
 * @param {{new (): T, prototype: T}} [kind]
 * @returns {T}
 */
export function byId(id, kind) {
  const found = document.getElementById(id);
  if (!found || (kind && !(found instanceof kind))) throw new Error(`the page has no ${kind?.name ?? 'element'} #${id}`);
  return /** @type {T} */ (found);
}
