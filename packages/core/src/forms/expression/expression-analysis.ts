import type { Expr, ExpressionFunction, StationFact } from './expression-ast.ts';

export interface ExpressionUsage {
  /** Question ids referenced with `${…}`, each once, in order of first appearance. */
  refs: Array<{ name: string; at: number }>;
  /** `selected(${q}, 'v')` and `count-selected(${q})`: the question must be a choice question. */
  choiceRefs: Array<{ name: string; at: number; value?: string }>;
  usesSelf: boolean;
  facts: StationFact[];
  functions: ExpressionFunction[];
}

/** Walks the tree with an explicit stack (no recursion), collecting what the form checker needs. */
export function analyseExpression(ast: Expr): ExpressionUsage {
  const usage: ExpressionUsage = { refs: [], choiceRefs: [], usesSelf: false, facts: [], functions: [] };
  const seen = new Set<string>();
  const stack: Expr[] = [ast];
  const ordered: Expr[] = [];
  while (stack.length > 0) {
    const node = stack.pop() as Expr;
    ordered.push(node);
    if (node.type === 'negate') stack.push(node.operand);
    else if (node.type === 'binary') stack.push(node.right, node.left);
    else if (node.type === 'call') for (let i = node.args.length - 1; i >= 0; i--) stack.push(node.args[i] as Expr);
  }
  for (const node of ordered) {
    if (node.type === 'ref' && !seen.has(node.name)) {
      seen.add(node.name);
      usage.refs.push({ name: node.name, at: node.at });
    } else if (node.type === 'self') usage.usesSelf = true;
    else if (node.type === 'fact' && !usage.facts.includes(node.name)) usage.facts.push(node.name);
    else if (node.type === 'call') {
      if (!usage.functions.includes(node.name)) usage.functions.push(node.name);
      const [first, second] = node.args;
      if ((node.name === 'selected' || node.name === 'count-selected') && first?.type === 'ref') {
        usage.choiceRefs.push({
          name: first.name,
          at: first.at,
          ...(node.name === 'selected' && second?.type === 'string' ? { value: second.value } : {}),
        });
      }
    }
  }
  return usage;
}
