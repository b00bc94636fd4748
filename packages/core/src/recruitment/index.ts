export * from './applicant.ts';
export * from './applicant-import.ts';
export * from './iin.ts';
export * from './phone.ts';
export * from './verification-code.ts';
