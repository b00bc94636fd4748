import { type ReactNode, useId } from 'react';

interface EmptyStateProps {
  /** Path data of a 48×48 line icon. */
  icon: string;
  title: string;
  children: ReactNode;
}

/** "Nothing here yet": an icon, a heading that names the section, a few words and perhaps a way on. */
export function EmptyState({ icon, title, children }: EmptyStateProps) {
  const titleId = useId();
  return (
    <section className="empty-state" aria-labelledby={titleId}>
      <svg className="empty-state-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
        <path d={icon} />
      </svg>
      <h2 id={titleId}>{title}</h2>
      {children}
    </section>
  );
}
