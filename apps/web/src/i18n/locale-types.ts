/**
 * Shape of a translation typed from the source locale: every leaf becomes `string`, so a missing or
 * extra key is a type error. Plural categories that only some languages use (_zero, _two, _few,
 * _many) are optional: Kazakh and English need only _one and _other. locales.test.ts checks that
 * each locale has exactly the categories its plural rules need.
 */
type OptionalPluralKey = `${string}_${'zero' | 'two' | 'few' | 'many'}`;

export type LocaleMessages<T> = {
  [K in keyof T as K extends OptionalPluralKey ? never : K]: T[K] extends string ? string : LocaleMessages<T[K]>;
} & {
  [K in keyof T as K extends OptionalPluralKey ? K : never]?: string;
};
