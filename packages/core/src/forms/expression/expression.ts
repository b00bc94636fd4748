import { analyseExpression, type ExpressionUsage } from './expression-analysis.ts';
import type { Expr } from './expression-ast.ts';
import type { ExpressionError } from './expression-error.ts';
import { parseExpression } from './expression-parser.ts';

export interface CompiledExpression {
  source: string;
  ast: Expr;
  usage: ExpressionUsage;
}

export type CompileResult = { ok: true; expression: CompiledExpression } | { ok: false; error: ExpressionError };

/** Parse and analyse once; forms keep the result and evaluate it many times. */
export function compileExpression(source: string): CompileResult {
  const parsed = parseExpression(source);
  if (!parsed.ok) return parsed;
  return { ok: true, expression: { source, ast: parsed.ast, usage: analyseExpression(parsed.ast) } };
}
