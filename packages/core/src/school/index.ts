export * from './course-folder.ts';
export * from './course-folder-texts.ts';
export * from './school.ts';
export * from './school-schemas.ts';
export * from './school-steps.ts';
export * from './school-steps-schemas.ts';
export * from './starter-course.ts';
