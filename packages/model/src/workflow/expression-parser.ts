import { ERROR_CODES } from '../errors/error-codes.js';
import { TwinGraphError } from '../errors/twingraph-error.js';

/**
 * Syntax tree of a workflow expression (condition `expression`, loop `while`). The language is
 * deliberately tiny and has no way to reach globals: names resolve only to the node's inputs and
 * the only function is `len`.
 */
export type ExpressionNode =
  | { kind: 'literal'; value: string | number | boolean | null; position: number }
  | { kind: 'name'; name: string; position: number }
  | { kind: 'member'; object: ExpressionNode; property: ExpressionNode; position: number }
  | { kind: 'unary'; operator: '!' | '-'; operand: ExpressionNode; position: number }
  | { kind: 'binary'; operator: BinaryOperator; left: ExpressionNode; right: ExpressionNode; position: number }
  | { kind: 'call'; name: string; args: ExpressionNode[]; position: number };

export type BinaryOperator = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

/** Functions an expression may call, with their arity. */
export const EXPRESSION_FUNCTIONS: Readonly<Record<string, number>> = { len: 1 };

interface Token {
  type: 'number' | 'string' | 'name' | 'op' | 'end';
  text: string;
  value?: string | number;
  position: number;
}

// Longest first, so `<=` is not read as `<` then `=`.
const OPERATORS = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '!', '(', ')', '[', ']', '.', ','];
const WORD_OPERATORS: Record<string, string> = { and: '&&', or: '||', not: '!' };

/** Thrown for an expression that does not parse: `details.position` is the 0-based character offset. */
export function expressionSyntaxError(expression: string, position: number, message: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.VALIDATION, `${message} at position ${position} in expression '${expression}'`, {
    hint: 'Expressions use comparisons, + - * / %, and/or/not (&& || !), parentheses, input names with .field or [index], literals, and len(x). See docs/workflow-format.md.',
    details: { expression, position },
    nonRetryable: true,
  });
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const match = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i))!;
      i += match[0].length;
      tokens.push({ type: 'number', text: match[0], value: Number(match[0]), position: start });
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_]\w*/.exec(source.slice(i))!;
      i += match[0].length;
      // Own keys only: `constructor` must not resolve to Object.prototype.constructor.
      const op = Object.hasOwn(WORD_OPERATORS, match[0]) ? WORD_OPERATORS[match[0]] : undefined;
      tokens.push(op === undefined ? { type: 'name', text: match[0], position: start } : { type: 'op', text: op, position: start });
      continue;
    }
    if (ch === '"' || ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) throw expressionSyntaxError(source, start, 'Unterminated string');
        const c = source[i]!;
        if (c === ch) break;
        if (c === '\\') {
          const next = source[i + 1];
          if (next === undefined) throw expressionSyntaxError(source, i, 'Unterminated string');
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
      i++;
      tokens.push({ type: 'string', text: source.slice(start, i), value, position: start });
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op === undefined) throw expressionSyntaxError(source, i, `Unexpected character '${ch}'`);
    i += op.length;
    tokens.push({ type: 'op', text: op, position: start });
  }
  tokens.push({ type: 'end', text: 'end of expression', position: source.length });
  return tokens;
}

/** Parses an expression; throws ERR_VALIDATION with the position of the first syntax error. */
export function parseExpression(source: string): ExpressionNode {
  const tokens = tokenize(source);
  let index = 0;
  const peek = (): Token => tokens[index]!;
  const next = (): Token => tokens[index++]!;
  const isOp = (text: string): boolean => peek().type === 'op' && peek().text === text;
  const expect = (text: string): Token => {
    const token = peek();
    if (token.type !== 'op' || token.text !== text) throw expressionSyntaxError(source, token.position, `Expected '${text}' but found '${token.text}'`);
    return next();
  };

  const binaryLevel = (operators: readonly BinaryOperator[], operand: () => ExpressionNode, chain = true): (() => ExpressionNode) => () => {
    let left = operand();
    while (peek().type === 'op' && (operators as readonly string[]).includes(peek().text)) {
      const token = next();
      left = { kind: 'binary', operator: token.text as BinaryOperator, left, right: operand(), position: token.position };
      if (!chain) break;
    }
    return left;
  };

  const primary = (): ExpressionNode => {
    const token = next();
    switch (token.type) {
      case 'number':
      case 'string':
        return { kind: 'literal', value: token.value!, position: token.position };
      case 'name': {
        if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true', position: token.position };
        if (token.text === 'null') return { kind: 'literal', value: null, position: token.position };
        if (isOp('(')) {
          const arity = Object.hasOwn(EXPRESSION_FUNCTIONS, token.text) ? EXPRESSION_FUNCTIONS[token.text] : undefined;
          if (arity === undefined) throw expressionSyntaxError(source, token.position, `Unknown function '${token.text}' (available: ${Object.keys(EXPRESSION_FUNCTIONS).join(', ')})`);
          next();
          const args: ExpressionNode[] = [];
          if (!isOp(')')) {
            args.push(expression());
            while (isOp(',')) {
              next();
              args.push(expression());
            }
          }
          expect(')');
          if (args.length !== arity) throw expressionSyntaxError(source, token.position, `${token.text}() takes ${arity} argument(s), got ${args.length}`);
          return { kind: 'call', name: token.text, args, position: token.position };
        }
        return { kind: 'name', name: token.text, position: token.position };
      }
      case 'op':
        if (token.text === '(') {
          const inner = expression();
          expect(')');
          return inner;
        }
        throw expressionSyntaxError(source, token.position, `Unexpected '${token.text}'`);
      default:
        throw expressionSyntaxError(source, token.position, 'Unexpected end of expression');
    }
  };

  const postfix = (): ExpressionNode => {
    let node = primary();
    for (;;) {
      if (isOp('.')) {
        const dot = next();
        const name = next();
        if (name.type !== 'name') throw expressionSyntaxError(source, name.position, `Expected a field name after '.' but found '${name.text}'`);
        node = { kind: 'member', object: node, property: { kind: 'literal', value: name.text, position: name.position }, position: dot.position };
      } else if (isOp('[')) {
        const open = next();
        const property = expression();
        expect(']');
        node = { kind: 'member', object: node, property, position: open.position };
      } else {
        return node;
      }
    }
  };

  const unary = (): ExpressionNode => {
    if (isOp('!') || isOp('-')) {
      const token = next();
      return { kind: 'unary', operator: token.text as '!' | '-', operand: unary(), position: token.position };
    }
    return postfix();
  };

  const multiplicative = binaryLevel(['*', '/', '%'], unary);
  const additive = binaryLevel(['+', '-'], multiplicative);
  // Comparisons do not chain: `a < b < c` is almost always a mistake.
  const comparison = binaryLevel(['==', '!=', '<', '<=', '>', '>='], additive, false);
  const and = binaryLevel(['&&'], comparison);
  const or = binaryLevel(['||'], and);
  function expression(): ExpressionNode {
    return or();
  }

  const tree = expression();
  if (peek().type !== 'end') throw expressionSyntaxError(source, peek().position, `Unexpected '${peek().text}'`);
  return tree;
}

/** Top-level input names an expression reads (for validation against a node's declared inputs). */
export function expressionNames(node: ExpressionNode): Array<{ name: string; position: number }> {
  switch (node.kind) {
    case 'name':
      return [{ name: node.name, position: node.position }];
    case 'member':
      return [...expressionNames(node.object), ...expressionNames(node.property)];
    case 'unary':
      return expressionNames(node.operand);
    case 'binary':
      return [...expressionNames(node.left), ...expressionNames(node.right)];
    case 'call':
      return node.args.flatMap(expressionNames);
    default:
      return [];
  }
}
