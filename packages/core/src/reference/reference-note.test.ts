import { describe, expect, it } from 'vitest';
import { parseNoteText, parseSpans } from './reference-note.ts';

describe('parseNoteText', () => {
  it('reads headings, paragraphs with line breaks, bullet and numbered lists', () => {
    const text = [
      '# Права',
      'Возьмите направление.',
      'И удостоверение.',
      '',
      '- первое',
      '* второе',
      '  продолжение',
      '1. шаг',
      '2) ещё шаг',
      'после списка',
    ].join('\r\n');
    expect(parseNoteText(text)).toEqual([
      { type: 'heading', spans: [{ text: 'Права' }] },
      { type: 'paragraph', lines: [[{ text: 'Возьмите направление.' }], [{ text: 'И удостоверение.' }]] },
      {
        type: 'list',
        ordered: false,
        items: [[{ text: 'первое' }], [{ text: 'второе' }, { text: ' ' }, { text: 'продолжение' }]],
      },
      { type: 'list', ordered: true, items: [[{ text: 'шаг' }], [{ text: 'ещё шаг' }]] },
      { type: 'paragraph', lines: [[{ text: 'после списка' }]] },
    ]);
  });

  it('marks bold and italic, leaves unmatched markers and HTML as plain text', () => {
    expect(parseSpans('**Не** вмешивайтесь в *работу* _комиссии_')).toEqual([
      { text: 'Не', strong: true },
      { text: ' вмешивайтесь в ' },
      { text: 'работу', em: true },
      { text: ' ' },
      { text: 'комиссии', em: true },
    ]);
    expect(parseSpans('2 * 3 = 6, snake_case_name')).toEqual([{ text: '2 * 3 = 6, snake_case_name' }]);
    expect(parseNoteText('<script>alert(1)</script>')).toEqual([
      { type: 'paragraph', lines: [[{ text: '<script>alert(1)</script>' }]] },
    ]);
  });
});
