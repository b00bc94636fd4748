import { type NoteSpan, parseNoteText } from '@pollwatch/core';
import { Fragment, useMemo } from 'react';

/**
 * A reference note's body in its markdown subset, as React elements: headings, paragraphs, lists,
 * bold and italic. Never HTML from the text: a `<script>` in a note is shown as the words typed.
 */
export function NoteText({ text, headingLevel = 3 }: { text: string; headingLevel?: 3 | 4 }) {
  const blocks = useMemo(() => parseNoteText(text), [text]);
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <div className="note-text">
      {blocks.map((block, index) => {
        const key = `${block.type}:${index}`;
        if (block.type === 'heading')
          return (
            <Heading key={key}>
              <Spans spans={block.spans} />
            </Heading>
          );
        if (block.type === 'list') {
          const List = block.ordered ? 'ol' : 'ul';
          return (
            <List key={key}>
              {block.items.map((item, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: items are positional
                <li key={i}>
                  <Spans spans={item} />
                </li>
              ))}
            </List>
          );
        }
        return (
          <p key={key}>
            {block.lines.map((line, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
              <Fragment key={i}>
                {i > 0 && <br />}
                <Spans spans={line} />
              </Fragment>
            ))}
          </p>
        );
      })}
    </div>
  );
}

function Spans({ spans }: { spans: NoteSpan[] }) {
  return spans.map((s, i) =>
    s.strong ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: spans are positional
      <strong key={i}>{s.text}</strong>
    ) : s.em ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: spans are positional
      <em key={i}>{s.text}</em>
    ) : (
      // biome-ignore lint/suspicious/noArrayIndexKey: spans are positional
      <Fragment key={i}>{s.text}</Fragment>
    ),
  );
}
