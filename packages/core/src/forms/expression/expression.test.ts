// biome-ignore-all lint/suspicious/noTemplateCurlyInString: form expressions reference questions as ${id}
import { describe, expect, it } from 'vitest';
import { compileExpression } from './expression.ts';
import type { Expr } from './expression-ast.ts';
import { type EvaluationEnv, type ExprValue, evaluateExpression } from './expression-evaluator.ts';
import { parseExpression } from './expression-parser.ts';
import { printExpression } from './expression-printer.ts';

function ast(source: string): Expr {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(`did not parse: ${source}: ${JSON.stringify(parsed.error)}`);
  return parsed.ast;
}

function run(source: string, answers: Record<string, ExprValue> = {}, extra: Partial<EvaluationEnv> = {}): ExprValue {
  return evaluateExpression(ast(source), {
    answer: (id) => (Object.hasOwn(answers, id) ? (answers[id] ?? null) : null),
    ...extra,
  });
}

describe('expression parser', () => {
  it('honours precedence and left associativity', () => {
    expect(printExpression(ast('1 + 2 * 3 - 4 - 5'))).toBe('1 + 2 * 3 - 4 - 5');
    expect(run('1 + 2 * 3 - 4 - 5')).toBe(-2);
    expect(run('10 - (4 - 3)')).toBe(9);
    expect(run('7 div 2')).toBe(3.5);
    expect(run('7 / 2')).toBe(3.5);
    expect(run('7 mod 3')).toBe(1);
    expect(run('1 < 2 and 2 < 3 or false')).toBe(true);
    expect(run('-2 * -3')).toBe(6);
  });

  it('reads references, self, station facts, strings in both quotes and XLSForm booleans', () => {
    expect(ast('${a_1}')).toEqual({ type: 'ref', name: 'a_1', at: 0 });
    expect(ast(' . ')).toEqual({ type: 'self', at: 1 });
    expect(ast('station.registeredVoters')).toEqual({ type: 'fact', name: 'registeredVoters', at: 0 });
    expect(run(`"it's" = "it's"`)).toBe(true);
    // No escapes inside strings (as in XPath): a quote ends the string.
    expect(parseExpression(`'it''s'`).ok).toBe(false);
    expect(run('true() and not(false())')).toBe(true);
  });

  it('points at the place of a syntax error and says what it expected', () => {
    expect(parseExpression('(1 + 2')).toEqual({
      ok: false,
      error: { code: 'expr_syntax', at: 6, expected: ')', found: 'end' },
    });
    expect(parseExpression('1 +')).toMatchObject({ ok: false, error: { code: 'expr_syntax', at: 3 } });
    expect(parseExpression('1 2')).toMatchObject({ ok: false, error: { code: 'expr_syntax', at: 2, expected: 'end' } });
    expect(parseExpression("'abc")).toMatchObject({ ok: false, error: { code: 'expr_unterminated_string', at: 0 } });
    expect(parseExpression('${a')).toMatchObject({ ok: false, error: { code: 'expr_syntax', at: 3, expected: '}' } });
    expect(parseExpression('1 # 2')).toMatchObject({ ok: false, error: { code: 'expr_syntax', at: 2 } });
  });

  it('refuses unknown functions, facts and names, and wrong numbers of arguments', () => {
    expect(parseExpression('pulldata(1)')).toMatchObject({
      ok: false,
      error: { code: 'expr_unknown_function', at: 0 },
    });
    expect(parseExpression('regex(., "a")')).toMatchObject({ ok: false, error: { code: 'expr_unknown_function' } });
    expect(parseExpression('1 + station.address')).toMatchObject({
      ok: false,
      error: { code: 'expr_unknown_fact', at: 12 },
    });
    expect(parseExpression('if(1, 2)')).toMatchObject({
      ok: false,
      error: { code: 'expr_wrong_arity', expected: '3' },
    });
    expect(parseExpression('round()')).toMatchObject({
      ok: false,
      error: { code: 'expr_wrong_arity', expected: '1-2' },
    });
    expect(parseExpression('sum()')).toMatchObject({ ok: false, error: { code: 'expr_wrong_arity', expected: '1+' } });
  });

  it('cannot reach anything through names such as constructor or __proto__', () => {
    for (const name of ['constructor', '__proto__', 'globalThis', 'process', 'toString', 'hasOwnProperty', 'eval']) {
      expect(parseExpression(name).ok).toBe(false);
      expect(parseExpression(`${name}(1)`)).toMatchObject({ ok: false, error: { code: 'expr_unknown_function' } });
      expect(parseExpression(`station.${name}`)).toMatchObject({ ok: false, error: { code: 'expr_unknown_fact' } });
      expect(parseExpression(`1 ${name} 2`).ok).toBe(false);
    }
    // A reference named like a prototype member is just an unanswered question.
    expect(run('${constructor}', {})).toBe(null);
    expect(run('${__proto__} = 1', {})).toBe(false);
    const station = { registeredVoters: 10 };
    expect(evaluateExpression(ast('station.number'), { answer: () => null, station })).toBe(null);
  });

  it('refuses hostile input quickly and without overflowing the stack', () => {
    const started = performance.now();
    expect(parseExpression('('.repeat(100_000))).toMatchObject({ ok: false, error: { code: 'expr_too_long' } });
    expect(parseExpression('('.repeat(1000))).toMatchObject({ ok: false, error: { code: 'expr_too_deep', at: 32 } });
    expect(parseExpression(`${'-'.repeat(1000)}1`)).toMatchObject({ ok: false, error: { code: 'expr_too_deep' } });
    expect(parseExpression(`${'not('.repeat(40)}1${')'.repeat(40)}`)).toMatchObject({
      ok: false,
      error: { code: 'expr_too_deep' },
    });
    expect(parseExpression(Array.from({ length: 400 }, () => '1').join('+'))).toMatchObject({
      ok: false,
      error: { code: 'expr_too_many_nodes' },
    });
    expect(parseExpression(`'${'a'.repeat(600)}'`)).toMatchObject({
      ok: false,
      error: { code: 'expr_string_too_long' },
    });
    expect(performance.now() - started).toBeLessThan(500);
    // Just inside the limits still parses.
    expect(parseExpression(`${'('.repeat(32)}1${')'.repeat(32)}`).ok).toBe(true);
  });
});

describe('expression evaluation', () => {
  it('propagates null through arithmetic and makes comparisons with null false', () => {
    expect(run('${a} + 1')).toBe(null);
    expect(run('${a} = 1')).toBe(false);
    expect(run('${a} != 1')).toBe(false);
    expect(run('${a} < 1')).toBe(false);
    expect(run('not(${a} = 1)')).toBe(true);
    expect(run('sum(${a}, 1)')).toBe(null);
    expect(run('coalesce(${a}, 0) + 1')).toBe(1);
    expect(run('1 div 0')).toBe(null);
    expect(run('1 mod 0')).toBe(null);
    expect(run('0 * -1')).toBe(0);
    expect(Object.is(run('0 * -1'), -0)).toBe(false);
  });

  it('reads a number that is not finite as no answer, and -0 as 0, wherever it comes from', () => {
    // A phone can hold Infinity ("1e999" typed in a number box); results must stay finite, the same
    // on the phone and on the server.
    expect(run('${a}', { a: Number.NEGATIVE_INFINITY })).toBe(null);
    expect(run('${a}', { a: Number.NaN })).toBe(null);
    expect(Object.is(run('${a}', { a: -0 }), 0)).toBe(true);
    expect(run('coalesce(${a}, 7)', { a: Number.POSITIVE_INFINITY })).toBe(7);
    const env = (self: number, registeredVoters: number): EvaluationEnv => ({
      answer: () => null,
      self,
      station: { registeredVoters },
    });
    expect(evaluateExpression(ast('.'), env(Number.NEGATIVE_INFINITY, 1))).toBe(null);
    expect(Object.is(evaluateExpression(ast('.'), env(-0, 1)), 0)).toBe(true);
    expect(evaluateExpression(ast('station.registeredVoters'), env(1, Number.NaN))).toBe(null);
  });

  it('compares choices, yes/no answers, dates and times', () => {
    expect(run("selected(${m}, 'b')", { m: ['a', 'b'] })).toBe(true);
    expect(run("selected(${m}, 'c')", { m: ['a', 'b'] })).toBe(false);
    expect(run("selected(${s}, 'a')", { s: 'a' })).toBe(true);
    expect(run('count-selected(${m})', { m: ['a', 'b'] })).toBe(2);
    expect(run('count-selected(${m})', {})).toBe(0);
    expect(run("${y} = 'yes'", { y: true })).toBe(true);
    expect(run('${y} = true', { y: false })).toBe(false);
    expect(run("${d} < '2024-03-10'", { d: '2024-03-09' })).toBe(true);
    expect(run("${t} >= '08:00'", { t: '07:59' })).toBe(false);
    expect(run("'10' = 10")).toBe(true);
    expect(run("'9' < '10'")).toBe(true);
    expect(run("${m} = 'a'", { m: ['a'] })).toBe(false);
  });

  it('implements the allowed functions', () => {
    expect(run('if(${a} > 1, "big", "small")', { a: 2 })).toBe('big');
    expect(run('min(3, 1, 2) + max(3, 1, 2)')).toBe(4);
    expect(run('abs(-2.5)')).toBe(2.5);
    expect(run('round(2.5)')).toBe(3);
    expect(run('round(-2.5)')).toBe(-3);
    expect(run('round(3.14159, 2)')).toBe(3.14);
    expect(run('round(1, 11)')).toBe(null);
    expect(run("string-length('қазақ')")).toBe(5);
    expect(run('string-length(${a})')).toBe(0);
    expect(run("coalesce(${a}, '', 'x')")).toBe('x');
    expect(run('today()')).toBe(null);
    expect(run('now()', {}, { clock: { date: '2024-03-10', time: '08:00' } })).toBe('2024-03-10T08:00');
  });

  it('reads station facts and reports a missing one', () => {
    const missing: string[] = [];
    const env = (station: EvaluationEnv['station']): EvaluationEnv => ({
      answer: () => null,
      self: 120,
      station,
      onMissingFact: (f) => missing.push(f),
    });
    expect(evaluateExpression(ast('. <= station.registeredVoters'), env({ registeredVoters: 100 }))).toBe(false);
    expect(evaluateExpression(ast('. <= station.registeredVoters'), env({ registeredVoters: 150 }))).toBe(true);
    expect(missing).toEqual([]);
    expect(evaluateExpression(ast('. <= station.registeredVoters'), env({ registeredVoters: null }))).toBe(false);
    expect(missing).toEqual(['registeredVoters']);
  });

  it('collects references for the form checker', () => {
    const compiled = compileExpression("selected(${a}, 'x') and ${b} > station.number and ${a} != .");
    expect(compiled.ok && compiled.expression.usage).toEqual({
      refs: [
        { name: 'a', at: 9 },
        { name: 'b', at: 24 },
      ],
      choiceRefs: [{ name: 'a', at: 9, value: 'x' }],
      usesSelf: true,
      facts: ['number'],
      functions: ['selected'],
    });
  });
});
