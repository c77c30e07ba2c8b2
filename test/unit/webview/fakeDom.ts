// Just enough DOM for the webview's own modules (dom.ts's h(), the fault list, a chart panel's text) to run
// in Node: elements, text, attributes, events that bubble, and focus. Two browser rules matter here and
// are modelled: a focused element that becomes `disabled` (vscode-button is form-associated, so the
// attribute really disables it) loses focus to <body>, and so does a focused element that leaves the document.

type Listener = (e: FakeEvent) => void;

export class FakeEvent {
  defaultPrevented = false;
  target?: FakeElement;
  readonly key?: string;
  constructor(
    readonly type: string,
    init: { key?: string } = {},
  ) {
    this.key = init.key;
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeText {
  parentNode: FakeElement | null = null;
  constructor(public data: string) {}
  get textContent(): string {
    return this.data;
  }
}

type Child = FakeElement | FakeText;

export class FakeElement {
  parentNode: FakeElement | null = null;
  childNodes: Child[] = [];
  private readonly attrs = new Map<string, string>();
  private readonly listeners = new Map<string, Listener[]>();

  constructor(
    readonly tagName: string,
    private readonly doc: FakeDocument,
  ) {}

  get children(): FakeElement[] {
    return this.childNodes.filter((c): c is FakeElement => c instanceof FakeElement);
  }
  get lastElementChild(): FakeElement | null {
    return this.children.at(-1) ?? null;
  }
  get id(): string {
    return this.getAttribute('id') ?? '';
  }

  setAttribute(name: string, value: string): void {
    this.attrs.set(name, String(value));
    if (name === 'disabled') this.doc.focusFixup();
  }
  getAttribute(name: string): string | null {
    return this.attrs.get(name) ?? null;
  }
  hasAttribute(name: string): boolean {
    return this.attrs.has(name);
  }
  removeAttribute(name: string): void {
    this.attrs.delete(name);
  }
  get hidden(): boolean {
    return this.attrs.has('hidden');
  }
  set hidden(v: boolean) {
    if (v) this.setAttribute('hidden', '');
    else this.removeAttribute('hidden');
  }
  readonly classList = {
    contains: (c: string) => (this.getAttribute('class') ?? '').split(/\s+/).includes(c),
    toggle: (c: string, on?: boolean) => {
      const set = new Set((this.getAttribute('class') ?? '').split(/\s+/).filter(Boolean));
      const want = on ?? !set.has(c);
      if (want) set.add(c);
      else set.delete(c);
      this.setAttribute('class', [...set].join(' '));
      return want;
    },
  };

  append(...nodes: (Child | string)[]): void {
    for (const n of nodes) {
      const node = typeof n === 'string' ? new FakeText(n) : n;
      node.parentNode?.childNodes.splice(node.parentNode.childNodes.indexOf(node), 1);
      node.parentNode = this;
      this.childNodes.push(node);
    }
  }
  replaceChildren(...nodes: (Child | string)[]): void {
    for (const c of this.childNodes) c.parentNode = null;
    this.childNodes = [];
    this.append(...nodes);
    this.doc.focusFixup();
  }
  get textContent(): string {
    return this.childNodes.map((c) => c.textContent).join('');
  }
  set textContent(text: string) {
    this.replaceChildren(...(text ? [text] : []));
  }

  addEventListener(type: string, fn: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  dispatchEvent(e: FakeEvent): boolean {
    e.target ??= this;
    for (let el: FakeElement | null = this; el; el = el.parentNode) for (const fn of el.listeners.get(e.type) ?? []) fn(e);
    return !e.defaultPrevented;
  }
  /** A user's click: a disabled element gets none (vscode-button: pointer-events none). */
  click(): void {
    if (!this.hasAttribute('disabled')) this.dispatchEvent(new FakeEvent('click'));
  }
  focus(): void {
    if (!this.hasAttribute('disabled') && this.isConnected) this.doc.activeElement = this;
  }
  get isConnected(): boolean {
    let el: FakeElement | null = this;
    while (el.parentNode) el = el.parentNode;
    return el === this.doc.documentElement;
  }
  contains(other: FakeElement | null): boolean {
    for (let el = other; el; el = el.parentNode) if (el === this) return true;
    return false;
  }
  /** Every descendant element matching `test`. */
  findAll(test: (el: FakeElement) => boolean): FakeElement[] {
    const out: FakeElement[] = [];
    for (const c of this.children) {
      if (test(c)) out.push(c);
      out.push(...c.findAll(test));
    }
    return out;
  }
}

export class FakeDocument {
  readonly documentElement: FakeElement;
  readonly body: FakeElement;
  activeElement: FakeElement;

  constructor() {
    this.documentElement = new FakeElement('html', this);
    this.body = new FakeElement('body', this);
    this.documentElement.append(this.body);
    this.activeElement = this.body;
  }
  createElement(tag: string): FakeElement {
    return new FakeElement(tag, this);
  }
  createTextNode(text: string): FakeText {
    return new FakeText(text);
  }
  getElementById(id: string): FakeElement | null {
    return this.documentElement.findAll((el) => el.id === id)[0] ?? null;
  }
  /** The browser's focus fixup: a focused element that is disabled or gone leaves focus on <body>. */
  focusFixup(): void {
    const el = this.activeElement;
    if (el !== this.body && (el.hasAttribute('disabled') || !el.isConnected)) this.activeElement = this.body;
  }
}

/** Installs a fresh fake `document` as the global one; returns it and a function that removes it. */
export function installFakeDom(): { document: FakeDocument; restore: () => void } {
  const g = globalThis as { document?: unknown };
  const before = g.document;
  const document = new FakeDocument();
  g.document = document;
  return { document, restore: () => (g.document = before) };
}

/**
 * The accessible name of a button-like element, by the rules that apply to ours: aria-labelledby, then
 * aria-label, then its text. (A `title` counts only when there is nothing else, never for ours.)
 */
export function accessibleName(el: FakeElement, doc: FakeDocument): string {
  const by = el.getAttribute('aria-labelledby');
  if (by) return by.split(/\s+/).map((id) => doc.getElementById(id)?.textContent ?? '').join(' ').trim();
  const label = el.getAttribute('aria-label');
  if (label?.trim()) return label.trim();
  const text = el.textContent.trim();
  return text || (el.getAttribute('title') ?? '').trim();
}
