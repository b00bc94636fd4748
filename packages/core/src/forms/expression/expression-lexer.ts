import { type ExpressionError, expressionLimits } from './expression-error.ts';

export type Token =
  | { kind: 'number'; value: number; at: number; text: string }
  | { kind: 'string'; value: string; at: number; text: string }
  | { kind: 'ref'; value: string; at: number; text: string }
  | { kind: 'name'; value: string; at: number; text: string }
  | { kind: 'punct'; value: string; at: number; text: string }
  | { kind: 'end'; value: ''; at: number; text: '' };

export type LexResult = { ok: true; tokens: Token[] } | { ok: false; error: ExpressionError };

const punctuation = ['<=', '>=', '!=', '=', '<', '>', '+', '-', '*', '/', '(', ')', ',', '.'];
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isNameStart = (c: string | undefined) =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
const isNamePart = (c: string | undefined) => isNameStart(c) || isDigit(c);

/**
 * One linear pass. Parenthesis depth is counted here, so `((((…` a hundred thousand times deep is
 * refused before the (recursive) parser ever sees it.
 */
export function lex(source: string): LexResult {
  if (source.length > expressionLimits.maxSourceLength) {
    return { ok: false, error: { code: 'expr_too_long', at: expressionLimits.maxSourceLength } };
  }
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0') {
      i += 1;
      continue;
    }
    const start = i;
    if (isDigit(c)) {
      while (isDigit(source[i])) i += 1;
      if (source[i] === '.' && isDigit(source[i + 1])) {
        i += 1;
        while (isDigit(source[i])) i += 1;
      }
      if ((source[i] === 'e' || source[i] === 'E') && (isDigit(source[i + 1]) || /[+-]/.test(source[i + 1] ?? ''))) {
        const signed = source[i + 1] === '+' || source[i + 1] === '-';
        if (!signed || isDigit(source[i + 2])) {
          i += signed ? 2 : 1;
          while (isDigit(source[i])) i += 1;
        }
      }
      const text = source.slice(start, i);
      tokens.push({ kind: 'number', value: Number(text), at: start, text });
      continue;
    }
    if (c === "'" || c === '"') {
      const end = source.indexOf(c, i + 1);
      if (end < 0) return { ok: false, error: { code: 'expr_unterminated_string', at: start, expected: c } };
      const value = source.slice(i + 1, end);
      if (value.length > expressionLimits.maxStringLength) {
        return { ok: false, error: { code: 'expr_string_too_long', at: start } };
      }
      i = end + 1;
      tokens.push({ kind: 'string', value, at: start, text: source.slice(start, i) });
      continue;
    }
    if (c === '$') {
      if (source[i + 1] !== '{') return { ok: false, error: { code: 'expr_syntax', at: i + 1, expected: '{' } };
      let j = i + 2;
      if (!isNameStart(source[j])) return { ok: false, error: { code: 'expr_syntax', at: j, expected: 'name' } };
      while (isNamePart(source[j])) j += 1;
      if (source[j] !== '}') return { ok: false, error: { code: 'expr_syntax', at: j, expected: '}' } };
      const name = source.slice(i + 2, j);
      if (name.length > expressionLimits.maxNameLength) {
        return { ok: false, error: { code: 'expr_syntax', at: i + 2, expected: 'shorter name' } };
      }
      i = j + 1;
      tokens.push({ kind: 'ref', value: name, at: start, text: source.slice(start, i) });
      continue;
    }
    if (isNameStart(c)) {
      // Names may hold inner dashes (`count-selected`), but `-` then a digit or space is subtraction.
      while (isNamePart(source[i]) || (source[i] === '-' && isNameStart(source[i + 1]))) i += 1;
      const name = source.slice(start, i);
      if (name.length > expressionLimits.maxNameLength) {
        return { ok: false, error: { code: 'expr_unknown_name', at: start, found: name.slice(0, 20) } };
      }
      tokens.push({ kind: 'name', value: name, at: start, text: name });
      continue;
    }
    const two = source.slice(i, i + 2);
    const op = punctuation.find((p) => p === two) ?? punctuation.find((p) => p === c);
    if (op === undefined) return { ok: false, error: { code: 'expr_syntax', at: start, found: c } };
    if (op === '(') {
      depth += 1;
      if (depth > expressionLimits.maxDepth) return { ok: false, error: { code: 'expr_too_deep', at: start } };
    } else if (op === ')') {
      depth -= 1;
    }
    i += op.length;
    tokens.push({ kind: 'punct', value: op, at: start, text: op });
  }
  tokens.push({ kind: 'end', value: '', at: source.length, text: '' });
  return { ok: true, tokens };
}
