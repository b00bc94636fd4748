export * from './exports/index.ts';
export * from './folders/text-zip.ts';
export * from './letters/index.ts';
export * from './reports/index.ts';
export * from './resolution/index.ts';
export * from './tabular/index.ts';
export * from './xlsform/read-xlsform.ts';
