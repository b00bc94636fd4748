import { type RefObject, useEffect } from 'react';
import { useLocation, useNavigationType } from 'react-router';

/** `key` of the location whose heading already took focus; one move per navigation. */
let handledKey: string | null = null;

/**
 * The first load is announced by the browser itself (its key is "default"); every later location
 * gets its heading focused exactly once, even when the heading appears only after data loads.
 */
export function shouldFocusHeading(locationKey: string, alreadyHandled: string | null): boolean {
  return locationKey !== 'default' && locationKey !== alreadyHandled;
}

/**
 * After a client-side navigation, moves focus to the page's main heading so that screen readers
 * announce the new page, as they would after a full page load. The heading needs tabIndex -1.
 */
export function useHeadingFocus(ref: RefObject<HTMLElement | null>): void {
  const { key } = useLocation();
  const navigationType = useNavigationType();
  useEffect(() => {
    const heading = ref.current;
    if (!heading || !shouldFocusHeading(key, handledKey)) return;
    handledKey = key;
    // A new page starts at the top; Back and Forward keep where the browser put them.
    if (navigationType !== 'POP') window.scrollTo(0, 0);
    heading.focus({ preventScroll: true });
  }, [ref, key, navigationType]);
}
