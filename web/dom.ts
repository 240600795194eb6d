/**
 * The few DOM helpers the page's views share. Everything is built with `createElement` and
 * `textContent`, never `innerHTML`, so no text the server or the URL sends can become markup.
 */

/** The element with `id`, checked to be of `type`; the markup and the script are built together. */
export function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`The page has no #${id}.`);
  return found;
}

/** A new element with optional text and class. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className !== undefined) node.className = className;
  return node;
}

/** A button that is not a form's submit button. */
export function button(text: string, className?: string): HTMLButtonElement {
  const node = el('button', text, className);
  node.type = 'button';
  return node;
}

/** Text only a screen reader reads, next to a symbol that means something only visually. */
export function hiddenText(text: string): HTMLSpanElement {
  return el('span', text, 'visually-hidden');
}

/** Characters after which a long id may wrap: the joints of model ids, profile ids and ARNs. */
const ID_JOINTS = /(?<=[.\-:/])/;

/**
 * `id` as text with a `<wbr>` after each `.`, `-`, `:` and `/`, so a narrow column wraps
 * `anthropic.claude-sonnet-4-5-…` between its parts instead of mid-token; copying it or reading
 * its `textContent` still gives the id unchanged.
 */
export function breakableId(id: string): Node[] {
  const nodes: Node[] = [];
  for (const part of id.split(ID_JOINTS)) {
    if (nodes.length > 0) nodes.push(document.createElement('wbr'));
    nodes.push(document.createTextNode(part));
  }
  return nodes;
}

/** A `<span class="model-id">` holding `id` with {@link breakableId}'s wrap points. */
export function modelIdSpan(id: string, className = 'model-id'): HTMLSpanElement {
  const span = el('span', undefined, className);
  span.append(...breakableId(id));
  return span;
}
