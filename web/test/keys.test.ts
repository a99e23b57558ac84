import { describe, expect, it } from 'vitest';
import { rovingTarget } from '../src/keys';

describe('roving focus', () => {
  it('arrows move and wrap; Home and End jump', () => {
    expect(rovingTarget('ArrowDown', 0, 3)).toBe(1);
    expect(rovingTarget('ArrowDown', 2, 3)).toBe(0);
    expect(rovingTarget('ArrowUp', 0, 3)).toBe(2);
    expect(rovingTarget('Home', 2, 3)).toBe(0);
    expect(rovingTarget('End', 0, 3)).toBe(2);
  });
  it('from outside the list, down goes to the first and up to the last', () => {
    expect(rovingTarget('ArrowDown', -1, 3)).toBe(0);
    expect(rovingTarget('ArrowUp', -1, 3)).toBe(2);
  });
  it('left/right only in menus laid out both ways; other keys are not navigation', () => {
    expect(rovingTarget('ArrowRight', 0, 3)).toBeNull();
    expect(rovingTarget('ArrowRight', 0, 3, 'both')).toBe(1);
    expect(rovingTarget('ArrowLeft', 0, 3, 'both')).toBe(2);
    expect(rovingTarget('Enter', 0, 3)).toBeNull();
    expect(rovingTarget('ArrowDown', 0, 0)).toBeNull();
  });
});
