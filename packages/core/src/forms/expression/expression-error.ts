/** Why an expression was refused; `at` is the character offset the designer underlines. */
export const expressionErrorCodes = [
  'expr_too_long',
  'expr_too_deep',
  'expr_too_many_nodes',
  'expr_string_too_long',
  'expr_syntax',
  'expr_unterminated_string',
  'expr_unknown_function',
  'expr_unknown_fact',
  'expr_unknown_name',
  'expr_wrong_arity',
] as const;
export type ExpressionErrorCode = (typeof expressionErrorCodes)[number];

export interface ExpressionError {
  code: ExpressionErrorCode;
  at: number;
  /** What the parser wanted here, e.g. `)` or `expression`. */
  expected?: string;
  /** The offending name or token text, cut to a few characters. */
  found?: string;
}

/** Limits checked before any heavy work, so hostile input costs linear time at most. */
export const expressionLimits = {
  maxSourceLength: 2000,
  maxDepth: 32,
  maxNodes: 500,
  maxStringLength: 500,
  maxNameLength: 64,
} as const;
