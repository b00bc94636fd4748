export { type CertificateData, certificatePdf, certificateText } from './certificate-pdf.ts';
export { dottedDate, type LetterText, letterText, type ReferralLetterData } from './letter-texts.ts';
export { referralLetterDocx } from './referral-docx.ts';
export { referralLettersPdf } from './referral-pdf.ts';
export { remarkLetterDocx } from './remark-docx.ts';
export { printable, type RemarkLetterData, type RemarkLetterPhoto, remarkLetterText } from './remark-letter.ts';
export { remarkLetterPdf } from './remark-pdf.ts';
export { type SmsCardData, smsCardPdf } from './sms-card-pdf.ts';
