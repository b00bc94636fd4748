import type { Expr, StationFact } from './expression-ast.ts';

/** What an expression computes with. Arrays are the values of multiple-choice and photo answers. */
export type ExprValue = number | string | boolean | readonly string[] | null;

export interface EvaluationEnv {
  /** Value of `${id}`; `null` when unanswered, hidden or unknown. */
  answer(id: string): ExprValue;
  /** Value of `.`, the answer being constrained. */
  self?: ExprValue;
  /** Station facts; a missing fact evaluates to null. */
  station?: Partial<Record<StationFact, number | string | null>>;
  /** Local election-day clock, passed in so that evaluation stays pure and repeatable. */
  clock?: { date: string; time: string };
  /** Called when the expression reads a station fact the HQ has not filled in. */
  onMissingFact?: (fact: StationFact) => void;
}

export function truthy(value: ExprValue): boolean {
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value.length > 0;
  return value.length > 0;
}

const numericString = /^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/;

/** XPath-like number(): numeric strings and booleans convert, anything else is not a number. */
export function toNumber(value: ExprValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && numericString.test(value)) return Number(value);
  return null;
}

/** Results are finite numbers or null, and never -0, so client and server results compare equal. */
function finite(n: number): number | null {
  if (!Number.isFinite(n)) return null;
  return n === 0 ? 0 : n;
}

/**
 * A value as read from the answers, `.` or a station fact: a number that is not finite (a phone's
 * "1e999", NaN) reads as no answer and -0 as 0, so that the rule above holds for every result.
 */
function fromEnv(value: ExprValue | undefined): ExprValue {
  if (value === undefined) return null;
  return typeof value === 'number' ? finite(value) : value;
}

function booleanOfString(s: string): boolean | null {
  const lower = s.toLowerCase();
  if (lower === 'yes' || lower === 'true') return true;
  if (lower === 'no' || lower === 'false') return false;
  return null;
}

/** `=` between two present scalars; null and arrays never compare (see README). */
function equal(a: ExprValue, b: ExprValue): boolean | null {
  if (a === null || b === null || Array.isArray(a) || Array.isArray(b)) return null;
  if (typeof a === typeof b) return a === b;
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    const bool = typeof a === 'boolean' ? a : (b as boolean);
    const other = typeof a === 'boolean' ? b : a;
    if (typeof other === 'string') {
      const parsed = booleanOfString(other);
      return parsed === null ? false : parsed === bool;
    }
    return toNumber(other) === (bool ? 1 : 0);
  }
  const x = toNumber(a);
  const y = toNumber(b);
  return x !== null && y !== null && x === y;
}

/** Numbers compare numerically; two strings compare by code unit, which orders ISO dates and HH:MM. */
function order(a: ExprValue, b: ExprValue): number | null {
  if (a === null || b === null || Array.isArray(a) || Array.isArray(b)) return null;
  if (typeof a === 'string' && typeof b === 'string' && !(numericString.test(a) && numericString.test(b))) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (x === null || y === null) return null;
  return x < y ? -1 : x > y ? 1 : 0;
}

function roundHalfAway(x: number, digits: number): number | null {
  const factor = 10 ** digits;
  return finite((Math.sign(x) * Math.round(Math.abs(x) * factor)) / factor);
}

function isMissing(value: ExprValue): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * Walks the tree. Total: any input gives a value (possibly null), nothing throws, nothing outside
 * `env` is reachable — names were resolved against allowlists when parsing.
 */
export function evaluateExpression(ast: Expr, env: EvaluationEnv): ExprValue {
  const ev = (node: Expr): ExprValue => evaluateExpression(node, env);
  switch (ast.type) {
    case 'number':
    case 'string':
    case 'boolean':
      return ast.value;
    case 'ref':
      return fromEnv(env.answer(ast.name));
    case 'self':
      return fromEnv(env.self);
    case 'fact': {
      const station = env.station;
      const value = station !== undefined && Object.hasOwn(station, ast.name) ? station[ast.name] : undefined;
      if (value === undefined || value === null) {
        env.onMissingFact?.(ast.name);
        return null;
      }
      return fromEnv(value);
    }
    case 'negate': {
      const n = toNumber(ev(ast.operand));
      return n === null ? null : finite(-n);
    }
    case 'binary':
      return evaluateBinary(ast.op, ast.left, ast.right, ev);
    case 'call':
      return evaluateCall(ast, ev, env);
  }
}

function evaluateBinary(
  op: Extract<Expr, { type: 'binary' }>['op'],
  leftNode: Expr,
  rightNode: Expr,
  ev: (node: Expr) => ExprValue,
): ExprValue {
  if (op === 'and') return truthy(ev(leftNode)) && truthy(ev(rightNode));
  if (op === 'or') return truthy(ev(leftNode)) || truthy(ev(rightNode));
  const left = ev(leftNode);
  const right = ev(rightNode);
  switch (op) {
    case '=':
      return equal(left, right) ?? false;
    case '!=': {
      const same = equal(left, right);
      return same === null ? false : !same;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const o = order(left, right);
      if (o === null) return false;
      return op === '<' ? o < 0 : op === '<=' ? o <= 0 : op === '>' ? o > 0 : o >= 0;
    }
    default: {
      const x = toNumber(left);
      const y = toNumber(right);
      if (x === null || y === null) return null;
      if (op === '+') return finite(x + y);
      if (op === '-') return finite(x - y);
      if (op === '*') return finite(x * y);
      if (y === 0) return null;
      return finite(op === 'div' ? x / y : x % y);
    }
  }
}

function evaluateCall(ast: Extract<Expr, { type: 'call' }>, ev: (node: Expr) => ExprValue, env: EvaluationEnv) {
  const args = ast.args;
  const arg = (i: number) => {
    const node = args[i];
    return node === undefined ? null : ev(node);
  };
  switch (ast.name) {
    case 'if':
      return truthy(arg(0)) ? arg(1) : arg(2);
    case 'not':
      return !truthy(arg(0));
    case 'selected': {
      const list = arg(0);
      const wanted = arg(1);
      if (wanted === null || Array.isArray(wanted)) return false;
      const value = String(wanted);
      if (Array.isArray(list)) return list.includes(value);
      return typeof list === 'string' && list.length > 0 ? list === value : false;
    }
    case 'count-selected': {
      const list = arg(0);
      if (Array.isArray(list)) return list.length;
      return typeof list === 'string' && list.length > 0 ? 1 : 0;
    }
    case 'sum':
    case 'min':
    case 'max': {
      const numbers: number[] = [];
      for (let i = 0; i < args.length; i++) {
        const n = toNumber(arg(i));
        if (n === null) return null;
        numbers.push(n);
      }
      if (ast.name === 'sum') return finite(numbers.reduce((a, b) => a + b, 0));
      return finite(ast.name === 'min' ? Math.min(...numbers) : Math.max(...numbers));
    }
    case 'abs': {
      const n = toNumber(arg(0));
      return n === null ? null : finite(Math.abs(n));
    }
    case 'round': {
      const n = toNumber(arg(0));
      const digits = args.length > 1 ? toNumber(arg(1)) : 0;
      if (n === null || digits === null || !Number.isInteger(digits) || digits < 0 || digits > 10) return null;
      return roundHalfAway(n, digits);
    }
    case 'coalesce': {
      for (let i = 0; i < args.length; i++) {
        const value = arg(i);
        if (!isMissing(value)) return value;
      }
      return null;
    }
    case 'string-length': {
      const value = arg(0);
      if (value === null) return 0;
      if (Array.isArray(value)) return value.join(' ').length;
      return [...String(value)].length;
    }
    case 'today':
      return env.clock?.date ?? null;
    case 'now':
      return env.clock === undefined ? null : `${env.clock.date}T${env.clock.time}`;
  }
}
