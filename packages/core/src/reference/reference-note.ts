import type { LocalizedText } from '../elections/election.ts';

/**
 * A reference note: a short article the HQ writes for observers of one election (their rights,
 * what to do on an incident, how to copy the protocol). The field app caches the notes with the
 * offline pack. Bodies are plain text with a small markdown subset (see `parseNoteText`); no HTML
 * is ever rendered from them.
 */
export interface ReferenceNote {
  id: string;
  electionId: string;
  /** 1, 2, 3… in the order observers see them. */
  position: number;
  title: LocalizedText;
  body: LocalizedText;
  createdAt: Date;
  updatedAt: Date;
}

export const NOTE_TITLE_MAX = 200;
export const NOTE_BODY_MAX = 20_000;
/** More than this per election is not a reference any more; it is a manual. */
export const NOTES_PER_ELECTION_MAX = 100;

export interface NoteSpan {
  text: string;
  strong?: true;
  em?: true;
}

export type NoteBlock =
  | { type: 'heading'; spans: NoteSpan[] }
  | { type: 'paragraph'; lines: NoteSpan[][] }
  | { type: 'list'; ordered: boolean; items: NoteSpan[][] };

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,3}[.)]\s+(.*)$/;
const HEADING = /^\s*#{1,3}\s+(.*)$/;

/**
 * The markdown subset of a note: `# heading`, paragraphs separated by a blank line (a single line
 * break stays a line break), `- item` / `* item` lists, `1. item` numbered lists, `**bold**` and
 * `*italic*` / `_italic_`. Everything else — HTML tags included — is text, shown as written.
 */
export function parseNoteText(text: string): NoteBlock[] {
  type ListBlock = Extract<NoteBlock, { type: 'list' }>;
  const blocks: NoteBlock[] = [];
  const open: { paragraph: NoteSpan[][] | null; list: ListBlock | null } = { paragraph: null, list: null };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (!line.trim()) {
      open.paragraph = null;
      open.list = null;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      open.paragraph = null;
      open.list = null;
      blocks.push({ type: 'heading', spans: parseSpans(heading[1] ?? '') });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      const ordered = Boolean(numbered);
      if (!open.list || open.list.ordered !== ordered) {
        open.paragraph = null;
        open.list = { type: 'list', ordered, items: [] };
        blocks.push(open.list);
      }
      open.list.items.push(parseSpans(item[1] ?? ''));
      continue;
    }
    // An indented line continues the list item above it.
    const last = open.list?.items[open.list.items.length - 1];
    if (last && /^\s+/.test(raw)) {
      last.push({ text: ' ' }, ...parseSpans(line.trim()));
      continue;
    }
    open.list = null;
    if (!open.paragraph) {
      open.paragraph = [];
      blocks.push({ type: 'paragraph', lines: open.paragraph });
    }
    open.paragraph.push(parseSpans(line.trim()));
  }
  return blocks;
}

/** `**bold**`, `*italic*` and `_italic_` within one line; unmatched markers stay as text. */
export function parseSpans(line: string): NoteSpan[] {
  const spans: NoteSpan[] = [];
  const pattern = /\*\*(.+?)\*\*|\*(?!\s)(.+?)\*|(?<![\p{L}\p{N}])_(?!\s)(.+?)_(?![\p{L}\p{N}])/gu;
  let at = 0;
  for (const m of line.matchAll(pattern)) {
    const index = m.index ?? 0;
    if (index > at) spans.push({ text: line.slice(at, index) });
    if (m[1] !== undefined) spans.push({ text: m[1], strong: true });
    else spans.push({ text: (m[2] ?? m[3]) as string, em: true });
    at = index + m[0].length;
  }
  if (at < line.length) spans.push({ text: line.slice(at) });
  return spans;
}
