import { describe, expect, it } from 'vitest';
import { backoff } from '../src/socket';
import { snippetParts } from '../src/ui/format';

describe('search snippets', () => {
  it('split into text and hits, decoding the server\'s escaping without innerHTML', () => {
    expect(snippetParts('a &lt;b&gt; <mark>lunch</mark> &amp; <mark>Lunches</mark>')).toEqual([
      { text: 'a <b> ', hit: false }, { text: 'lunch', hit: true }, { text: ' & ', hit: false }, { text: 'Lunches', hit: true }]);
  });
});

describe('reconnect backoff', () => {
  it('grows and is capped at about ten seconds', () => {
    expect(backoff(0)).toBeLessThan(700);
    expect(backoff(20)).toBeLessThanOrEqual(12_500);
    expect(backoff(20)).toBeGreaterThanOrEqual(7_500);
  });
});
