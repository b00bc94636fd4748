export * from './school.ts';
export * from './school-schemas.ts';
export * from './starter-course.ts';
