export * from './school.ts';
export * from './school-schemas.ts';
