// biome-ignore-all lint/suspicious/noTemplateCurlyInString: form expressions reference questions as ${id}
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binaryOperators,
  type Expr,
  type ExpressionFunction,
  expressionFunctions,
  stationFacts,
} from './expression-ast.ts';
import { expressionErrorCodes } from './expression-error.ts';
import { type ExprValue, evaluateExpression } from './expression-evaluator.ts';
import { parseExpression } from './expression-parser.ts';
import { printExpression } from './expression-printer.ts';

/** Positions differ between a generated tree and its reparse; structure must not. */
function strip(node: Expr): unknown {
  switch (node.type) {
    case 'negate':
      return { type: node.type, operand: strip(node.operand) };
    case 'binary':
      return { type: node.type, op: node.op, left: strip(node.left), right: strip(node.right) };
    case 'call':
      return { type: node.type, name: node.name, args: node.args.map(strip) };
    default: {
      const { at: _at, ...rest } = node;
      return rest;
    }
  }
}

const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc
    .oneof(
      fc.nat({ max: 1_000_000 }),
      fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100),
    )
    .map((value): Expr => ({ type: 'number', value, at: 0 })),
  fc
    .string({ maxLength: 12 })
    .filter((s) => !(s.includes("'") && s.includes('"')))
    .map((value): Expr => ({ type: 'string', value, at: 0 })),
  fc.boolean().map((value): Expr => ({ type: 'boolean', value, at: 0 })),
  name.map((n): Expr => ({ type: 'ref', name: n, at: 0 })),
  fc.constant<Expr>({ type: 'self', at: 0 }),
  fc.constantFrom(...stationFacts).map((f): Expr => ({ type: 'fact', name: f, at: 0 })),
);

const fixedArity = (Object.keys(expressionFunctions) as ExpressionFunction[]).map((fn) => {
  const [min, max] = expressionFunctions[fn];
  return { fn, min, max: Math.min(max, min + 3) };
});

const { tree } = fc.letrec<{ tree: Expr }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    tie('tree').map((operand): Expr => ({ type: 'negate', operand, at: 0 })),
    fc
      .tuple(fc.constantFrom(...binaryOperators), tie('tree'), tie('tree'))
      .map(([op, left, right]): Expr => ({ type: 'binary', op, left, right, at: 0 })),
    fc
      .constantFrom(...fixedArity)
      .chain(({ fn, min, max }) =>
        fc
          .array(tie('tree'), { minLength: min, maxLength: max })
          .map((args): Expr => ({ type: 'call', name: fn, args, at: 0 })),
      ),
  ),
}));

function nodeCount(node: Expr): number {
  if (node.type === 'negate') return 1 + nodeCount(node.operand);
  if (node.type === 'binary') return 1 + nodeCount(node.left) + nodeCount(node.right);
  if (node.type === 'call') return 1 + node.args.reduce((n, a) => n + nodeCount(a), 0);
  return 1;
}

/** Syntactic nesting as the parser counts it: parentheses, calls and unary minus (an upper bound). */
function nesting(node: Expr): number {
  if (node.type === 'negate') return 1 + nesting(node.operand);
  if (node.type === 'binary') return 1 + Math.max(nesting(node.left), nesting(node.right));
  if (node.type === 'call') return 1 + Math.max(0, ...node.args.map(nesting));
  return 0;
}

const values: fc.Arbitrary<ExprValue> = fc.oneof(
  fc.constant(null),
  fc.double(),
  fc.integer(),
  fc.string(),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 3 }),
);

describe('expression language properties', () => {
  it('parses what it prints back to the same tree', () => {
    fc.assert(
      fc.property(tree, (ast) => {
        const parsed = parseExpression(printExpression(ast));
        // Past the limits by design.
        if (nodeCount(ast) > 400 || nesting(ast) > 30 || printExpression(ast).length > 2000) return;
        if (!parsed.ok) throw new Error(`${printExpression(ast)}: ${JSON.stringify(parsed.error)}`);
        expect(strip(parsed.ast)).toEqual(strip(ast));
      }),
      { numRuns: 500 },
    );
  });

  it('evaluates every tree to a value without throwing, whatever the answers', () => {
    fc.assert(
      fc.property(tree, fc.dictionary(name, values), values, (ast, answers, self) => {
        const result = evaluateExpression(ast, {
          answer: (id) => (Object.hasOwn(answers, id) ? (answers[id] ?? null) : null),
          self,
          station: { registeredVoters: 1000 },
        });
        if (typeof result === 'number') {
          expect(Number.isFinite(result)).toBe(true);
          expect(Object.is(result, -0)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses arbitrary text only with one of its typed errors', () => {
    const alphabet = fc.constantFrom(...'()${}.,\'"+-*/=<>! 0123456789abcdnotrsu_'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: alphabet, maxLength: 300 })), (source) => {
        const parsed = parseExpression(source);
        if (!parsed.ok) {
          expect(expressionErrorCodes).toContain(parsed.error.code);
          expect(parsed.error.at).toBeGreaterThanOrEqual(0);
          expect(parsed.error.at).toBeLessThanOrEqual(source.length);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with JavaScript integer arithmetic on generated integers', () => {
    const int = fc.integer({ min: -1_000_000, max: 1_000_000 });
    fc.assert(
      fc.property(int, int, int, (a, b, c) => {
        const env = { answer: (id: string) => ({ a, b, c })[id as 'a' | 'b' | 'c'] ?? null };
        const run = (src: string) => {
          const parsed = parseExpression(src);
          if (!parsed.ok) throw new Error(src);
          return evaluateExpression(parsed.ast, env);
        };
        expect(run('${a} + ${b} * ${c}')).toBe(a + b * c || 0);
        expect(run('(${a} - ${b}) * -${c}')).toBe((a - b) * -c || 0);
        expect(run('${a} mod ${b}')).toBe(b === 0 ? null : a % b || 0);
        expect(run('${a} <= ${b}')).toBe(a <= b);
        expect(run('sum(${a}, ${b}, ${c}) = ${a} + ${b} + ${c}')).toBe(true);
        expect(run('max(${a}, ${b}) >= min(${a}, ${b})')).toBe(true);
        expect(run('abs(${a})')).toBe(Math.abs(a));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses deep or long hostile input within a loose time budget', () => {
    const hostile = fc.oneof(
      fc.integer({ min: 33, max: 100_000 }).map((n) => '('.repeat(n)),
      fc.integer({ min: 33, max: 1000 }).map((n) => `${'('.repeat(n)}1${')'.repeat(n)}`),
      fc.integer({ min: 33, max: 1000 }).map((n) => `${'-'.repeat(n)}1`),
      fc.integer({ min: 33, max: 1000 }).map((n) => `${'if(1,'.repeat(n)}1${',1)'.repeat(n)}`),
      fc.integer({ min: 2001, max: 50_000 }).map((n) => '1'.repeat(n)),
    );
    fc.assert(
      fc.property(hostile, (source) => {
        const started = performance.now();
        const parsed = parseExpression(source);
        expect(parsed.ok).toBe(false);
        expect(performance.now() - started).toBeLessThan(100);
      }),
      { numRuns: 200 },
    );
  });
});
