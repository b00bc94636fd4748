import { dottedDate } from './letter-texts.ts';
import { A4, fonts, MARGIN, Writer } from './referral-pdf.ts';

/** What a school certificate says (issue 20), in the language it is printed in. */
export interface CertificateData {
  locale: 'ru' | 'kk';
  organisation: { name: string; registration: string; address?: string | undefined; contacts?: string | undefined };
  signatoryName: string;
  signatoryTitle: string;
  holderName: string;
  electionName: string;
  /** What was completed: class count and quiz titles, in the certificate's language. */
  classesAttended: number;
  quizzes: string[];
  code: string;
  verifyUrl: string;
  /** `YYYY-MM-DD`. */
  issuedOn: string;
}

export function certificateText(d: CertificateData) {
  if (d.locale === 'kk') {
    return {
      title: 'СЕРТИФИКАТ',
      lead: 'Осы сертификат',
      body: `байқаушылар мектебінің оқу бағдарламасын «${d.electionName}» сайлауы үшін толық меңгергенін растайды.`,
      details: [
        `Сабаққа қатысқаны: ${d.classesAttended}.`,
        ...(d.quizzes.length ? [`Тапсырылған тест: ${d.quizzes.join('; ')}.`] : []),
      ],
      dateLine: `Берілген күні: ${dottedDate(d.issuedOn)}`,
      verification: `Сертификаттың түпнұсқалығын ${d.verifyUrl} мекенжайы бойынша тексеруге болады. Тексеру коды: ${d.code}`,
    };
  }
  return {
    title: 'СЕРТИФИКАТ',
    lead: 'Настоящий сертификат подтверждает, что',
    body: `прошёл(-ла) обучение в школе наблюдателей к выборам «${d.electionName}».`,
    details: [
      `Посещено занятий: ${d.classesAttended}.`,
      ...(d.quizzes.length ? [`Сданы тесты: ${d.quizzes.join('; ')}.`] : []),
    ],
    dateLine: `Дата выдачи: ${dottedDate(d.issuedOn)}`,
    verification: `Подлинность сертификата можно проверить по адресу ${d.verifyUrl}. Код проверки: ${d.code}`,
  };
}

/** One A4 page on the organisation's letterhead, with the code anyone can check at /verify. */
export async function certificatePdf(d: CertificateData): Promise<Uint8Array> {
  const [{ PDFDocument, rgb }, { default: fontkit }] = await Promise.all([
    import('pdf-lib'),
    import('@pdf-lib/fontkit'),
  ]);
  const colors = { text: rgb(0, 0, 0), rule: rgb(0.2, 0.2, 0.2) };
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(d.locale === 'kk' ? 'Сертификат' : 'Сертификат');
  pdf.setCreator('pollwatch');
  pdf.setProducer('pollwatch');
  const files = await fonts();
  const regular = await pdf.embedFont(files.regular, { subset: true });
  const bold = await pdf.embedFont(files.bold, { subset: true });
  const t = certificateText(d);
  const page = pdf.addPage(A4);
  const w = new Writer(page, A4[1] - MARGIN, colors);
  w.text(d.organisation.name, bold, 13, { center: true, gapAfter: 2 });
  w.text(d.organisation.registration, regular, 8.5, { center: true });
  if (d.organisation.address) w.text(d.organisation.address, regular, 8.5, { center: true });
  if (d.organisation.contacts) w.text(d.organisation.contacts, regular, 8.5, { center: true });
  w.rule();
  w.y -= 60;
  w.text(t.title, bold, 28, { center: true, gapAfter: 24 });
  w.text(t.lead, regular, 12.5, { center: true, gapAfter: 10 });
  w.text(d.holderName, bold, 18, { center: true, gapAfter: 10 });
  w.text(t.body, regular, 12.5, { center: true, gapAfter: 18 });
  for (const line of t.details) w.text(line, regular, 11, { center: true, gapAfter: 4 });
  w.y -= 50;
  w.text(`${d.signatoryTitle}   ____________   ${d.signatoryName}`, regular, 11.5, { gapAfter: 14 });
  w.text(t.dateLine, regular, 11, { gapAfter: 30 });
  w.text(t.verification, regular, 9);
  return pdf.save();
}
