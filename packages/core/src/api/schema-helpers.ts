import { Type } from 'typebox';

/** A JSON-schema `enum` of the given strings, typed as their union. */
export const literalUnion = <const T extends readonly string[]>(values: T) => Type.Enum<[...T]>([...values] as [...T]);

/** Objects whose unknown fields are an error. */
export const closed = { additionalProperties: false } as const;
