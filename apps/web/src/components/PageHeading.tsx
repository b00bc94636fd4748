import { type ReactNode, useRef } from 'react';
import { useHeadingFocus } from '../hooks/use-heading-focus.ts';

/** The page's `<h1>`: focusable from script, and focused after client-side navigation. */
export function PageHeading({ children, id, className }: { children: ReactNode; id?: string; className?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useHeadingFocus(ref);
  return (
    <h1 ref={ref} id={id} className={className} tabIndex={-1}>
      {children}
    </h1>
  );
}
