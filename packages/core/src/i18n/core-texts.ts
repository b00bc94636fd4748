import { messageReplyTermTexts } from '../channels/message-replies.ts';
import { protocolTemplates } from '../forms/protocol/protocol-templates.ts';
import { incidentCategoryLabels, incidentSeverityLabels } from '../forms/standard-forms/incident-taxonomy.ts';
import { standardForms } from '../forms/standard-forms/standard-forms.ts';
import { consentTexts } from '../recruitment/applicant.ts';
import { type GlossaryLocale, localizedTexts, type TermText } from './glossary.ts';

/** A ballot of two candidates and "against all", enough to build every standard form. */
const sampleBallot = [
  { code: 'a', name: { ru: 'Кандидат А', kk: 'Кандидат А', en: 'Candidate A' } },
  { code: 'against_all', name: { ru: 'Против всех', kk: 'Барлығына қарсы', en: 'Against all' } },
];

/**
 * Every text core itself shows or prints, for the terminology check: the standard forms (as built
 * for each country's protocol template), the protocol templates, the incident taxonomy and the
 * consent texts. Keys: `form.<code>.<group>.<question>…`, `protocol.<country>.<line>`,
 * `incident.category.<code>`, `consent.<version>`.
 */
export function coreTermTexts(): TermText[] {
  const source = 'core';
  const out: TermText[] = [];
  for (const [country, template] of Object.entries(protocolTemplates)) {
    for (const form of standardForms({ ballotOptions: sampleBallot, protocolTemplate: template })) {
      // The forms are the same for every country but the protocol copy; key them once, by code.
      if (country !== 'kz' && form.code !== 'protocol') continue;
      const prefix = form.code === 'protocol' ? `form.protocol.${country}` : `form.${form.code}`;
      out.push(...localizedTexts({ title: form.title, groups: form.groups }, source, prefix));
    }
    out.push(...localizedTexts(template.lines, source, `protocol.${country}`));
  }
  out.push(...localizedTexts(incidentCategoryLabels, source, 'incident.category'));
  out.push(...localizedTexts(incidentSeverityLabels, source, 'incident.severity'));
  for (const text of messageReplyTermTexts()) out.push({ source, ...text });
  for (const [version, texts] of Object.entries(consentTexts)) {
    for (const [locale, text] of Object.entries(texts)) {
      out.push({ source, key: `consent.${version}`, locale: locale as GlossaryLocale, text });
    }
  }
  return out;
}
