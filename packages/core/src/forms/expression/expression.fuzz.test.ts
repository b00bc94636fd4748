// biome-ignore-all lint/suspicious/noTemplateCurlyInString: form expressions reference questions as ${id}
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ExpressionFunction, expressionFunctions, stationFacts } from './expression-ast.ts';
import { expressionErrorCodes } from './expression-error.ts';
import { type ExprValue, evaluateExpression } from './expression-evaluator.ts';
import { parseExpression } from './expression-parser.ts';

// Issue 21, fuzzing: an XLSForm's `relevant`, `constraint` and `calculation` cells are outside input,
// parsed on the server and evaluated on every submission. Token soup that looks like the language
// (function names, references, operators, unbalanced brackets, deep nesting) is parsed into a tree
// or refused with a typed error; whatever parses evaluates to a value against any answers and never
// throws. Bounded: a second or two.

const functions = Object.keys(expressionFunctions) as ExpressionFunction[];
const token = fc.oneof(
  fc.constantFrom(
    '${a}',
    '${b}',
    '${',
    '}',
    '.',
    '(',
    ')',
    ',',
    '+',
    '-',
    '*',
    'div',
    'mod',
    '=',
    '!=',
    '<',
    '<=',
    '>',
    '>=',
    'and',
    'or',
    'not',
    'true()',
    "'x'",
    '"y"',
    "'",
    '1e308',
    '0.0000001',
    '-0',
    '9007199254740993',
  ),
  fc.constantFrom(...functions).map((f) => `${f}(`),
  fc.constantFrom(...stationFacts).map((f) => `\${station.${f}}`),
  fc.nat({ max: 100_000 }).map(String),
  fc.string({ maxLength: 4 }),
);
const soup = fc.array(token, { maxLength: 40 }).map((tokens) => tokens.join(' '));
const deep = fc
  .tuple(fc.nat({ max: 400 }), fc.constantFrom('(', '-', 'not(', 'if(true(), '))
  .map(([n, open]) => `${open.repeat(n)}1${')'.repeat(open === '-' ? 0 : n)}`);

const values: fc.Arbitrary<ExprValue> = fc.oneof(
  fc.constant(null),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 10 }),
  fc.constantFrom('', 'NaN', 'Infinity', '1e400', '2026-11-10', '08:00', '25:99'),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);

describe('expression language under arbitrary input (fuzz)', () => {
  it('parses or refuses token soup with a typed error, and evaluates whatever parses without throwing', () => {
    fc.assert(
      fc.property(
        fc.oneof(soup, deep),
        values,
        values,
        values,
        fc.dictionary(fc.constantFrom(...stationFacts), fc.oneof(fc.integer(), fc.string(), fc.constant(null))),
        (source, a, b, self, station) => {
          const parsed = parseExpression(source);
          if (!parsed.ok) {
            expect(expressionErrorCodes).toContain(parsed.error.code);
            return;
          }
          const result = evaluateExpression(parsed.ast, {
            answer: (id) => (id === 'a' ? a : id === 'b' ? b : null),
            self,
            station,
            clock: { date: '2026-11-10', time: '08:00' },
          });
          if (typeof result === 'number') expect(Number.isFinite(result)).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });
});
