/** Query keys of the observer school: a volunteer's link (by token) and the HQ's classes. */
export const schoolKeys = {
  link: (token: string) => ['school', 'link', token] as const,
  course: (token: string, courseId: string) => ['school', 'link', token, 'course', courseId] as const,
  classes: (electionId: string) => ['school', 'classes', electionId] as const,
  progress: (electionId: string) => ['school', 'progress', electionId] as const,
  roster: (classId: string) => ['school', 'roster', classId] as const,
};
