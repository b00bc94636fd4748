import { type Expr, precedence } from './expression-ast.ts';

/**
 * Canonical source text for an AST: minimal parentheses, `div` for division, single quotes unless
 * the string holds one. `parseExpression(printExpression(ast))` gives back the same tree (positions
 * aside) for every AST the parser can produce.
 */
export function printExpression(ast: Expr): string {
  switch (ast.type) {
    case 'number':
      return String(ast.value);
    case 'string':
      return ast.value.includes("'") ? `"${ast.value}"` : `'${ast.value}'`;
    case 'boolean':
      return ast.value ? 'true' : 'false';
    case 'ref':
      return `\${${ast.name}}`;
    case 'self':
      return '.';
    case 'fact':
      return `station.${ast.name}`;
    case 'negate':
      return ast.operand.type === 'binary' ? `-(${printExpression(ast.operand)})` : `-${printExpression(ast.operand)}`;
    case 'binary': {
      const own = precedence[ast.op];
      const left = printExpression(ast.left);
      const right = printExpression(ast.right);
      const wrapLeft = ast.left.type === 'binary' && precedence[ast.left.op] < own;
      const wrapRight = ast.right.type === 'binary' && precedence[ast.right.op] <= own;
      return `${wrapLeft ? `(${left})` : left} ${ast.op} ${wrapRight ? `(${right})` : right}`;
    }
    case 'call':
      return `${ast.name}(${ast.args.map(printExpression).join(', ')})`;
  }
}
