import { ERROR_CODES } from '../errors/error-codes.js';
import { TwinGraphError } from '../errors/twingraph-error.js';
import { parseExpression, type ExpressionNode } from './expression-parser.js';

/** A JSON-like value an expression produces. */
export type ExpressionValue = string | number | boolean | null | readonly unknown[] | { readonly [key: string]: unknown };

/**
 * Evaluates an expression over a node's inputs. Safe by construction: no eval/Function, names
 * resolve only to own properties of `scope`, member access reads only own properties of plain
 * objects and arrays (so `constructor`, `__proto__` and prototypes are unreachable), and the only
 * function is `len`. A missing input or field is `null`, so `x == null` tests for absence.
 */
export function evaluateExpression(expression: string | ExpressionNode, scope: Readonly<Record<string, unknown>>): ExpressionValue {
  const source = typeof expression === 'string' ? expression : undefined;
  const tree = typeof expression === 'string' ? parseExpression(expression) : expression;
  return evaluate(tree, scope, source ?? '(expression)');
}

/** Truthiness as users expect from Python/JS: false, null, 0, '' and empty arrays are false. */
export function isTruthy(value: ExpressionValue): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

function evaluate(node: ExpressionNode, scope: Readonly<Record<string, unknown>>, source: string): ExpressionValue {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'name':
      return Object.hasOwn(scope, node.name) ? toValue(scope[node.name]) : null;
    case 'member': {
      const object = evaluate(node.object, scope, source);
      const key = evaluate(node.property, scope, source);
      if (Array.isArray(object)) {
        if (typeof key !== 'number' || !Number.isInteger(key)) throw evalError(source, node.position, 'An array index must be an integer');
        const index = key < 0 ? object.length + key : key;
        return index >= 0 && index < object.length ? toValue(object[index]) : null;
      }
      if (object !== null && typeof object === 'object') {
        if (typeof key !== 'string') throw evalError(source, node.position, 'A field name must be a string');
        return Object.hasOwn(object, key) ? toValue((object as Record<string, unknown>)[key]) : null;
      }
      if (typeof object === 'string' && typeof key === 'number') return object[key] ?? null;
      return null;
    }
    case 'unary': {
      const value = evaluate(node.operand, scope, source);
      if (node.operator === '!') return !isTruthy(value);
      if (typeof value !== 'number') throw evalError(source, node.position, `Cannot negate ${describe(value)}`);
      return -value;
    }
    case 'call': {
      const arg = evaluate(node.args[0]!, scope, source);
      if (typeof arg === 'string' || Array.isArray(arg)) return arg.length;
      if (arg !== null && typeof arg === 'object') return Object.keys(arg).length;
      throw evalError(source, node.position, `len() needs a string, array or object, got ${describe(arg)}`);
    }
    case 'binary':
      return binary(node, scope, source);
  }
}

function binary(node: Extract<ExpressionNode, { kind: 'binary' }>, scope: Readonly<Record<string, unknown>>, source: string): ExpressionValue {
  const { operator } = node;
  // Short-circuit, so `x != null and x.y > 1` is safe.
  if (operator === '&&') return isTruthy(evaluate(node.left, scope, source)) && isTruthy(evaluate(node.right, scope, source));
  if (operator === '||') return isTruthy(evaluate(node.left, scope, source)) || isTruthy(evaluate(node.right, scope, source));
  const left = evaluate(node.left, scope, source);
  const right = evaluate(node.right, scope, source);
  switch (operator) {
    case '==':
      return deepEqual(left, right);
    case '!=':
      return !deepEqual(left, right);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (!((typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string'))) {
        throw evalError(source, node.position, `Cannot compare ${describe(left)} ${operator} ${describe(right)}`);
      }
      return operator === '<' ? left < right : operator === '<=' ? left <= right : operator === '>' ? left > right : left >= right;
    }
    case '+':
      if (typeof left === 'string' && typeof right === 'string') return left + right;
      return arithmetic(operator, left, right, node.position, source);
    default:
      return arithmetic(operator, left, right, node.position, source);
  }
}

function arithmetic(operator: string, left: ExpressionValue, right: ExpressionValue, position: number, source: string): number {
  if (typeof left !== 'number' || typeof right !== 'number') {
    throw evalError(source, position, `'${operator}' needs two numbers${operator === '+' ? ' or two strings' : ''}, got ${describe(left)} and ${describe(right)}`);
  }
  switch (operator) {
    case '+': return left + right;
    case '-': return left - right;
    case '*': return left * right;
    case '/': return left / right;
    default: return left % right;
  }
}

function toValue(value: unknown): ExpressionValue {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return null;
  return value as ExpressionValue;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function describe(value: ExpressionValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function evalError(source: string, position: number, message: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.COMPONENT_FAILED, `${message} (at position ${position} in '${source}')`, {
    hint: 'Check the types of the inputs the expression reads; `x == null` tests whether an input is present.',
    details: { expression: source, position },
    nonRetryable: true,
  });
}
