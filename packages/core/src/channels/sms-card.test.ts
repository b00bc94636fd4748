import { describe, expect, it } from 'vitest';
import { standardForms } from '../forms/standard-forms/standard-forms.ts';
import { messageQuestions, parseMessage } from './message-grammar.ts';
import { smsCardContent } from './sms-card.ts';

describe('the SMS card', () => {
  it("gives every standard form's coded questions a row each and an example the parser accepts whole", () => {
    for (const form of standardForms({ ballotOptions: [], protocolTemplate: 'kz' })) {
      const entry = { prefix: form.code.toUpperCase(), form };
      for (const locale of ['ru', 'kk'] as const) {
        const card = smsCardContent(entry, locale);
        const parsed = parseMessage(card.example, [entry]);
        expect(parsed.problems, `${form.code} ${locale}: ${card.example}`).toEqual([]);
        expect(card.example.startsWith(entry.prefix)).toBe(true);
        const { coded } = messageQuestions(form);
        expect(card.rows.filter((r) => r.code !== '@').map((r) => r.code)).toEqual(coded.map((q) => q.smsCode));
      }
    }
  });
});
