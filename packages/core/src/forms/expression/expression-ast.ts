/**
 * The abstract syntax of form expressions (skip logic, constraints, calculations). Every node keeps
 * `at`, the character offset in the source, so the form designer can underline what is wrong.
 */

/** Facts about the observer's station the HQ knows before election day; nothing else is reachable. */
export const stationFacts = ['registeredVoters', 'number'] as const;
export type StationFact = (typeof stationFacts)[number];

/** name → [min args, max args]; `Infinity` for variadic. The only functions an expression can call. */
export const expressionFunctions = {
  selected: [2, 2],
  'count-selected': [1, 1],
  if: [3, 3],
  not: [1, 1],
  sum: [1, Number.POSITIVE_INFINITY],
  min: [1, Number.POSITIVE_INFINITY],
  max: [1, Number.POSITIVE_INFINITY],
  abs: [1, 1],
  round: [1, 2],
  coalesce: [2, Number.POSITIVE_INFINITY],
  'string-length': [1, 1],
  today: [0, 0],
  now: [0, 0],
} as const satisfies Record<string, readonly [number, number]>;
export type ExpressionFunction = keyof typeof expressionFunctions;

export const binaryOperators = ['or', 'and', '=', '!=', '<', '<=', '>', '>=', '+', '-', '*', 'div', 'mod'] as const;
export type BinaryOperator = (typeof binaryOperators)[number];

export type Expr =
  | { type: 'number'; value: number; at: number }
  | { type: 'string'; value: string; at: number }
  | { type: 'boolean'; value: boolean; at: number }
  | { type: 'ref'; name: string; at: number }
  | { type: 'self'; at: number }
  | { type: 'fact'; name: StationFact; at: number }
  | { type: 'negate'; operand: Expr; at: number }
  | { type: 'binary'; op: BinaryOperator; left: Expr; right: Expr; at: number }
  | { type: 'call'; name: ExpressionFunction; args: Expr[]; at: number };

/** Binding strength; higher binds tighter. All binary operators are left-associative. */
export const precedence: Record<BinaryOperator, number> = {
  or: 1,
  and: 2,
  '=': 3,
  '!=': 3,
  '<': 3,
  '<=': 3,
  '>': 3,
  '>=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  div: 5,
  mod: 5,
};

export function isExpressionFunction(name: string): name is ExpressionFunction {
  return Object.hasOwn(expressionFunctions, name);
}

export function isStationFact(name: string): name is StationFact {
  return (stationFacts as readonly string[]).includes(name);
}
