/** Kept apart from the API schemas so the web bundle can import them without TypeBox. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
