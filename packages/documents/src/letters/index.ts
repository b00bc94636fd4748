export { dottedDate, type LetterText, letterText, type ReferralLetterData } from './letter-texts.ts';
export { referralLetterDocx } from './referral-docx.ts';
export { referralLettersPdf } from './referral-pdf.ts';
