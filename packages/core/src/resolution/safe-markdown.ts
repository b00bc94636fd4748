import type { Block, Run } from './resolution-model.ts';

/**
 * The Markdown subset the HQ writes its findings, recommendations and conclusions in:
 * paragraphs, `- ` bullet lists, `1. ` numbered lists, `### ` headings, **bold** and *italic*.
 * Parsed to text runs, never to HTML: a `<script>` or `<img onerror>` typed into a conclusion is
 * text everywhere it is shown (the web renders runs as React text, DOCX and PDF draw them as text).
 */

const MAX_SOURCE = 100_000;

/** Inline **bold** and *italic*; unmatched markers stay as typed. */
export function parseInline(text: string): Run[] {
  const runs: Run[] = [];
  const pattern = /\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const at = m.index ?? 0;
    if (at > last) runs.push({ text: text.slice(last, at) });
    if (m[1] !== undefined) runs.push({ text: m[1], bold: true });
    else runs.push({ text: m[2] ?? '', italic: true });
    last = at + m[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last) });
  return runs.filter((r) => r.text.length > 0);
}

/** Control characters (other than newline and tab) cannot go into DOCX XML or a PDF string. */
function isControl(code: number): boolean {
  return (code < 32 && code !== 9 && code !== 10) || code === 127;
}

function clean(source: string): string {
  const text = source.slice(0, MAX_SOURCE).replace(/\r\n?/g, '\n');
  let out = '';
  for (const ch of text) if (!isControl(ch.charCodeAt(0))) out += ch;
  return out;
}

export function parseSafeMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: Run[][] } | null = null;
  const flushParagraph = () => {
    if (paragraph.length) blocks.push({ type: 'paragraph', runs: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  const flushList = () => {
    if (list) blocks.push({ type: 'list', ordered: list.ordered, items: list.items });
    list = null;
  };
  for (const raw of clean(source).split('\n')) {
    const line = raw.trim();
    if (!line) {
      flushParagraph();
      flushList();
      continue;
    }
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const bullet = /^[-*•]\s+(.*)$/.exec(line);
    const numbered = /^\d{1,3}[.)]\s+(.*)$/.exec(line);
    if (heading) {
      flushParagraph();
      flushList();
      blocks.push({ type: 'heading', level: 3, text: (heading[2] ?? '').trim() });
    } else if (bullet || numbered) {
      flushParagraph();
      const ordered = Boolean(numbered);
      const current = list as { ordered: boolean; items: Run[][] } | null;
      if (current && current.ordered !== ordered) flushList();
      if (!list) list = { ordered, items: [] };
      (list as { ordered: boolean; items: Run[][] }).items.push(
        parseInline((bullet?.[1] ?? numbered?.[1] ?? '').trim()),
      );
    } else {
      flushList();
      paragraph.push(line);
    }
  }
  flushParagraph();
  flushList();
  return blocks;
}

/** The plain text of a source (for one-line previews and diffs). */
export function markdownPlainText(source: string): string {
  return parseSafeMarkdown(source)
    .map((b) => {
      if (b.type === 'paragraph') return b.runs.map((r) => r.text).join('');
      if (b.type === 'list') return b.items.map((i) => i.map((r) => r.text).join('')).join('\n');
      if (b.type === 'heading') return b.text;
      return '';
    })
    .join('\n');
}
