// Roving focus for lists and menus: which item an arrow key moves to (pure, unit-tested).

/** The index focus moves to for this key, or null when the key is not a navigation key. Wraps around. */
export function rovingTarget(key: string, current: number, count: number, orientation: 'vertical' | 'both' = 'vertical'): number | null {
  if (count === 0) return null;
  const next = key === 'ArrowDown' || (orientation === 'both' && key === 'ArrowRight');
  const prev = key === 'ArrowUp' || (orientation === 'both' && key === 'ArrowLeft');
  if (next) return current < 0 ? 0 : (current + 1) % count;
  if (prev) return current < 0 ? count - 1 : (current - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}

/** Moves focus among the elements matching `selector` inside `root` for an arrow/Home/End key; true when it did. */
export function moveFocus(root: HTMLElement, selector: string, e: KeyboardEvent, orientation: 'vertical' | 'both' = 'vertical'): boolean {
  const items = [...root.querySelectorAll<HTMLElement>(selector)];
  const i = rovingTarget(e.key, items.indexOf(document.activeElement as HTMLElement), items.length, orientation);
  if (i === null) return false;
  e.preventDefault();
  items[i].focus();
  return true;
}
