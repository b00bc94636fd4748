export * from './tabular/index.ts';
export * from './xlsform/read-xlsform.ts';
