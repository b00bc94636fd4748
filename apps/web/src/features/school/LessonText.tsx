import { renderMarkdown } from '@pollwatch/core';
import { useMemo } from 'react';

/**
 * A lesson's Markdown as HTML. The renderer (core's text/markdown.ts) takes no raw HTML and only
 * http(s), mailto and site links, so the output is inert text and tags it made itself.
 */
export function LessonText({ source, lang }: { source: string; lang: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  // biome-ignore lint/security/noDangerouslySetInnerHtml: the safe renderer escapes every tag a trainer typed
  return <div className="lesson-text" lang={lang} dangerouslySetInnerHTML={{ __html: html }} />;
}
