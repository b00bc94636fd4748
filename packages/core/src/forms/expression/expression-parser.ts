import {
  type BinaryOperator,
  type Expr,
  expressionFunctions,
  isExpressionFunction,
  isStationFact,
  precedence,
} from './expression-ast.ts';
import { type ExpressionError, expressionLimits } from './expression-error.ts';
import { lex, type Token } from './expression-lexer.ts';

export type ParseResult = { ok: true; ast: Expr } | { ok: false; error: ExpressionError };

/** Thrown only inside this module and always caught by `parseExpression`. */
class Refusal {
  constructor(readonly error: ExpressionError) {}
}

// A Map, not an object literal: a token such as `constructor` must not find Object.prototype.
const binaryByToken = new Map<string, BinaryOperator>([
  ['or', 'or'],
  ['and', 'and'],
  ['=', '='],
  ['!=', '!='],
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
  ['+', '+'],
  ['-', '-'],
  ['*', '*'],
  ['/', 'div'],
  ['div', 'div'],
  ['mod', 'mod'],
]);

function describe(token: Token): string {
  return token.kind === 'end' ? 'end' : token.text.slice(0, 20);
}

/** Pratt parser over the token list; never throws, never evaluates. */
export function parseExpression(source: string): ParseResult {
  const lexed = lex(source);
  if (!lexed.ok) return lexed;
  const tokens = lexed.tokens;
  let pos = 0;
  let nodes = 0;
  let depth = 0;

  const peek = (): Token => tokens[pos] ?? (tokens[tokens.length - 1] as Token);
  const next = (): Token => {
    const token = peek();
    if (pos < tokens.length - 1) pos += 1;
    return token;
  };
  const fail = (error: ExpressionError): never => {
    throw new Refusal(error);
  };
  const count = (at: number) => {
    nodes += 1;
    if (nodes > expressionLimits.maxNodes) fail({ code: 'expr_too_many_nodes', at });
  };
  const expect = (value: string) => {
    const token = next();
    if (token.kind !== 'punct' || token.value !== value) {
      fail({ code: 'expr_syntax', at: token.at, expected: value, found: describe(token) });
    }
  };
  const enter = (at: number) => {
    depth += 1;
    if (depth > expressionLimits.maxDepth) fail({ code: 'expr_too_deep', at });
  };

  function parseBinary(minPrecedence: number): Expr {
    let left = parsePrefix();
    for (;;) {
      const token = peek();
      const op = token.kind === 'punct' || token.kind === 'name' ? binaryByToken.get(token.value) : undefined;
      if (op === undefined || precedence[op] < minPrecedence) break;
      next();
      count(token.at);
      const right = parseBinary(precedence[op] + 1);
      left = { type: 'binary', op, left, right, at: token.at };
    }
    return left;
  }

  function parsePrefix(): Expr {
    const token = next();
    count(token.at);
    switch (token.kind) {
      case 'number':
        if (!Number.isFinite(token.value)) fail({ code: 'expr_syntax', at: token.at, found: describe(token) });
        return { type: 'number', value: token.value, at: token.at };
      case 'string':
        return { type: 'string', value: token.value, at: token.at };
      case 'ref':
        return { type: 'ref', name: token.value, at: token.at };
      case 'punct':
        if (token.value === '.') return { type: 'self', at: token.at };
        if (token.value === '-') {
          enter(token.at);
          const operand = parsePrefix();
          depth -= 1;
          return { type: 'negate', operand, at: token.at };
        }
        if (token.value === '(') {
          enter(token.at);
          const inner = parseBinary(1);
          expect(')');
          depth -= 1;
          return inner;
        }
        return fail({ code: 'expr_syntax', at: token.at, expected: 'expression', found: describe(token) });
      case 'name':
        return parseName(token);
      case 'end':
        return fail({ code: 'expr_syntax', at: token.at, expected: 'expression', found: 'end' });
    }
  }

  function parseName(token: Token): Expr {
    const name = String(token.value);
    const following = peek();
    if (name === 'station') {
      expect('.');
      const fact = next();
      if (fact.kind !== 'name')
        return fail({ code: 'expr_syntax', at: fact.at, expected: 'fact', found: describe(fact) });
      if (!isStationFact(fact.value)) return fail({ code: 'expr_unknown_fact', at: fact.at, found: fact.value });
      return { type: 'fact', name: fact.value, at: token.at };
    }
    if (following.kind === 'punct' && following.value === '(') {
      next();
      if (name === 'true' || name === 'false') {
        // XLSForm writes the booleans as functions: true(), false().
        expect(')');
        return { type: 'boolean', value: name === 'true', at: token.at };
      }
      if (!isExpressionFunction(name)) return fail({ code: 'expr_unknown_function', at: token.at, found: name });
      enter(token.at);
      const args: Expr[] = [];
      if (!(peek().kind === 'punct' && peek().value === ')')) {
        for (;;) {
          args.push(parseBinary(1));
          const separator = peek();
          if (separator.kind === 'punct' && separator.value === ',') {
            next();
            continue;
          }
          break;
        }
      }
      expect(')');
      depth -= 1;
      const [min, max] = expressionFunctions[name];
      if (args.length < min || args.length > max) {
        fail({ code: 'expr_wrong_arity', at: token.at, found: name, expected: arity(min, max) });
      }
      return { type: 'call', name, args, at: token.at };
    }
    if (name === 'true' || name === 'false') return { type: 'boolean', value: name === 'true', at: token.at };
    return fail({ code: 'expr_unknown_name', at: token.at, found: name.slice(0, 20) });
  }

  try {
    const ast = parseBinary(1);
    const rest = peek();
    if (rest.kind !== 'end') fail({ code: 'expr_syntax', at: rest.at, expected: 'end', found: describe(rest) });
    return { ok: true, ast };
  } catch (thrown) {
    if (thrown instanceof Refusal) return { ok: false, error: thrown.error };
    throw thrown;
  }
}

function arity(min: number, max: number): string {
  if (min === max) return String(min);
  return max === Number.POSITIVE_INFINITY ? `${min}+` : `${min}-${max}`;
}
