// Keyboard for the tabs: vscode-tabs selects the focused tab on Enter only; the ARIA tabs pattern selects
// it on Space too. Space pressed inside a tab panel (on a button there) is left alone.

const isSpace = (key: string | undefined) => key === ' ' || key === 'Spacebar';

/** Calls `select(i)` when Space is pressed on the i-th tab header of `tabs`. */
export function selectTabOnSpace(tabs: HTMLElement, select: (index: number) => void): void {
  tabs.addEventListener('keydown', (e: Event) => {
    if (!isSpace((e as KeyboardEvent).key)) return;
    const headers = Array.from(tabs.children).filter((c) => c.tagName.toLowerCase() === 'vscode-tab-header');
    const target = e.target as Node | null;
    const i = headers.findIndex((hd) => hd === target || hd.contains(target));
    if (i < 0) return;
    e.preventDefault(); // Space would scroll the page
    select(i);
  });
}
