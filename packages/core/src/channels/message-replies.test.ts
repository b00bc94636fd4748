import { describe, expect, it } from 'vitest';
import { protocolTemplates } from '../forms/protocol/protocol-templates.ts';
import { standardForms } from '../forms/standard-forms/standard-forms.ts';
import { type MessageForm, parseMessage } from './message-grammar.ts';
import { channelNotice, messageDedupeMaterial, replyToParsed } from './message-replies.ts';

const ballotOptions = [{ code: 'a', name: { ru: 'А', kk: 'А', en: 'A' } }];
const forms: MessageForm[] = standardForms({ ballotOptions, protocolTemplate: protocolTemplates.kz }).map((form) => ({
  prefix: form.code.toUpperCase(),
  form,
}));
const turnout = forms.find((f) => f.form.code === 'turnout') as MessageForm;
const code = (id: string) => turnout.form.groups.flatMap((g) => g.questions).find((q) => q.id === id)?.smsCode;

describe('replies', () => {
  it('echoes what was recorded, in the observer language', () => {
    const parsed = parseMessage(
      `TURNOUT ${code('checkpoint_time')}1000 ${code('voters_received')}312 ${code('source')}2 !`,
      forms,
    );
    expect(replyToParsed(parsed, forms, 'ru')).toBe(
      `Принято: Явка. ${code('checkpoint_time')} 10:00, ${code('voters_received')} 312, ${code('source')} 2 Отмечено как срочное.`,
    );
    expect(replyToParsed(parsed, forms, 'kk')).toMatch(/^Қабылданды: Сайлаушылардың келуі\./);
  });

  it('says exactly what to fix', () => {
    const parsed = parseMessage(`TURNOUT ${code('checkpoint_time')}2599 ZZ1 ${code('source')}7`, forms);
    const reply = replyToParsed(parsed, forms, 'en');
    expect(reply).toBe(
      `Not recorded: Turnout. Please fix: ${code('checkpoint_time')} — time as HHMM, e.g. 1430; ZZ — unknown code; ` +
        `${code('source')} — answer number 1 to 2; ${code('voters_received')} missing (required). Send the whole message again.`,
    );
  });

  it('lists the form codes when the form is unknown', () => {
    expect(replyToParsed(parseMessage('hello', forms), forms, 'kk')).toContain('TURNOUT');
    expect(channelNotice('notRegistered', 'kk')).toContain('байқаушы');
  });

  it('gives a repeated message the same dedupe material within a window, not across senders', () => {
    const at = new Date('2026-12-07T10:00:10Z');
    const later = new Date('2026-12-07T10:00:50Z');
    expect(messageDedupeMaterial('+7701', 'turnout  aa1', at, 300)).toBe(
      messageDedupeMaterial('+7701', 'TURNOUT AA1 ', later, 300),
    );
    expect(messageDedupeMaterial('+7701', 'turnout aa1', at, 300)).not.toBe(
      messageDedupeMaterial('+7702', 'turnout aa1', at, 300),
    );
    expect(messageDedupeMaterial('+7701', 'turnout aa1', at, 300)).not.toBe(
      messageDedupeMaterial('+7701', 'turnout aa1', new Date('2026-12-07T11:00:00Z'), 300),
    );
  });
});
