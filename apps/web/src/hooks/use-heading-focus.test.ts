import { describe, expect, it } from 'vitest';
import { shouldFocusHeading } from './use-heading-focus.ts';

describe('shouldFocusHeading', () => {
  it('leaves the first page load to the browser', () => {
    expect(shouldFocusHeading('default', null)).toBe(false);
  });

  it('moves focus once per navigation, even when the heading renders again', () => {
    expect(shouldFocusHeading('k1', null)).toBe(true);
    expect(shouldFocusHeading('k1', 'k1')).toBe(false);
    expect(shouldFocusHeading('k2', 'k1')).toBe(true);
  });
});
