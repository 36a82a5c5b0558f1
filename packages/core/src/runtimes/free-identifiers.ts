// A best-effort check that a function's source uses nothing from outside itself, so it can run alone
// in a container. A tiny tokenizer, no parser: scopes are ignored (a name declared anywhere in the
// function counts as declared everywhere in it), so it misses some captures but flags none wrongly
// in ordinary code. The container run is the final word; this gives the clear error earlier.

const KEYWORDS = new Set(
  ('break case catch class const continue debugger default delete do else export extends false finally for function if import in ' +
    'instanceof let new null return super switch this throw true try typeof var void while with yield await async of get set static ' +
    'as from arguments undefined NaN Infinity').split(' '),
);

/** Names a serialized component may use without declaring them: this runtime's globals, plus those the harness provides. */
const PROVIDED = new Set(['require', 'module', 'exports', '__dirname', '__filename', 'globalThis', '__name']);

/** After these tokens a `/` starts a regular expression, not a division. */
const BEFORE_REGEX = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^', '=>', '...', 'return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await']);

interface Token {
  kind: 'id' | 'punct' | 'literal';
  text: string;
}

/** Identifiers the function source uses but neither declares nor gets from the JavaScript/Node globals, sorted. */
export function freeIdentifiers(source: string, globals: Iterable<string> = Object.getOwnPropertyNames(globalThis)): string[] {
  const tokens = tokenize(source);
  const declared = declaredNames(tokens);
  const known = new Set([...globals, ...PROVIDED]);
  const free = new Set<string>();
  tokens.forEach((token, i) => {
    if (token.kind !== 'id' || KEYWORDS.has(token.text) || declared.has(token.text) || known.has(token.text)) return;
    const previous = tokens[i - 1]?.text;
    const next = tokens[i + 1]?.text;
    if (previous === '.' || previous === '?.') return; // property access
    if (next === ':' && (previous === '{' || previous === ',')) return; // object key
    free.add(token.text);
  });
  return [...free].sort();
}

function declaredNames(tokens: readonly Token[]): Set<string> {
  const declared = new Set<string>();
  const declareRange = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (tokens[k]?.kind === 'id') declared.add(tokens[k]!.text);
  };
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    if (token.kind === 'id' && ['const', 'let', 'var', 'function', 'class'].includes(token.text) && next !== undefined) {
      if (next.kind === 'id') declared.add(next.text);
      else if (next.text === '{' || next.text === '[') declareRange(i + 1, matching(tokens, i + 1) + 1);
    }
    if (token.kind === 'id' && (next?.text === '=' || next?.text === '=>')) declared.add(token.text);
    if (token.text === '(') {
      const close = matching(tokens, i);
      const after = tokens[close + 1]?.text;
      const before = tokens[i - 1];
      // Parameters: `(…) =>`, `function name(…)`, `name(…) {` (methods), `catch (e)`.
      if (after === '=>' || after === '{' || before?.text === 'function' || before?.text === 'catch') declareRange(i + 1, close);
      if (after === '{' && before?.kind === 'id') declared.add(before.text);
    }
  });
  return declared;
}

/** Index of the bracket closing the one at `open` (the last token when unbalanced). */
function matching(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const text = tokens[k]!.text;
    if (text === '(' || text === '{' || text === '[' || text === '${') depth++;
    else if (text === ')' || text === '}' || text === ']') depth--;
    if (depth === 0) return k;
  }
  return tokens.length - 1;
}

const IDENTIFIER = /[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*/y;
const NUMBER = /(?:0[xXbBoO][\da-fA-F_]+|\d[\d_]*(?:\.[\d_]*)?(?:[eE][+-]?\d+)?|\.\d[\d_]*(?:[eE][+-]?\d+)?)n?/y;
const PUNCTUATORS = ['...', '?.', '=>', '===', '!==', '==', '!=', '<=', '>=', '&&', '||', '??', '++', '--', '+=', '-=', '*=', '/=', '**'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  // Brace depth at which each open template literal's `${` started: `}` at that depth resumes the template.
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  const push = (kind: Token['kind'], text: string): void => {
    tokens.push({ kind, text });
  };
  const readTemplate = (): void => {
    // At the character after a backtick or after the `}` closing `${…}`.
    while (i < source.length) {
      const c = source[i]!;
      if (c === '\\') i += 2;
      else if (c === '`') {
        i++;
        push('literal', '`');
        return;
      } else if (c === '$' && source[i + 1] === '{') {
        i += 2;
        push('punct', '${');
        templates.push(depth++);
        return;
      } else i++;
    }
  };
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      i = end === -1 ? source.length : end;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 2;
    } else if (c === '"' || c === "'") {
      let k = i + 1;
      while (k < source.length && source[k] !== c && source[k] !== '\n') k += source[k] === '\\' ? 2 : 1;
      i = k + 1;
      push('literal', 'string');
    } else if (c === '`') {
      i++;
      readTemplate();
    } else if (c === '}' && templates.length > 0 && templates.at(-1) === depth - 1) {
      templates.pop();
      depth--;
      i++;
      push('punct', ')'); // closes the `${` for bracket matching
      readTemplate();
    } else if (c === '/' && (tokens.length === 0 || BEFORE_REGEX.has(tokens.at(-1)!.text))) {
      let k = i + 1;
      let inClass = false;
      while (k < source.length && source[k] !== '\n' && (inClass || source[k] !== '/')) {
        if (source[k] === '\\') k++;
        else if (source[k] === '[') inClass = true;
        else if (source[k] === ']') inClass = false;
        k++;
      }
      i = k + 1;
      while (i < source.length && /[a-z]/i.test(source[i]!)) i++;
      push('literal', 'regex');
    } else if (c === '#') {
      IDENTIFIER.lastIndex = i + 1;
      const match = IDENTIFIER.exec(source);
      i += 1 + (match?.[0].length ?? 0);
      push('literal', 'private-name');
    } else if (/[\d.]/.test(c) && (NUMBER.lastIndex = i, NUMBER.test(source))) {
      i = NUMBER.lastIndex;
      push('literal', 'number');
    } else if ((IDENTIFIER.lastIndex = i, IDENTIFIER.test(source))) {
      const start = i;
      i = IDENTIFIER.lastIndex;
      push('id', source.slice(start, i));
    } else {
      const punct = PUNCTUATORS.find((p) => source.startsWith(p, i)) ?? c;
      i += punct.length;
      if (punct === '{' || punct === '(' || punct === '[') depth++;
      else if (punct === '}' || punct === ')' || punct === ']') depth--;
      push('punct', punct);
    }
  }
  return tokens;
}
