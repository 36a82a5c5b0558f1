import { ERROR_CODES, TwinGraphError } from '@twingraph/model';

/**
 * Tokenizer of the read-only Gremlin subset POST /api/graph/query accepts: identifiers, string and number
 * literals and the punctuation `. ( ) , [ ]`. Anything else — `{` (a Groovy closure), `;`, `=`, operators —
 * is refused here, so no script text ever reaches the server: the parsed steps travel as bytecode.
 */
export type Token =
  | { kind: 'ident'; text: string; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'punct'; text: '.' | '(' | ')' | ',' | '[' | ']'; at: number }
  | { kind: 'end'; at: number };

const PUNCT = new Set(['.', '(', ')', ',', '[', ']']);
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '\\': '\\', "'": "'", '"': '"', $: '$' };

export function refused(message: string, at: number | undefined, hint?: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.GRAPH_QUERY_REFUSED, at === undefined ? message : `${message} (at character ${at + 1})`, {
    category: 'user',
    nonRetryable: true,
    hint: hint ?? 'Send one read-only traversal such as g.V().hasLabel(\'Component\').has(\'status\', \'failed\').limit(10).valueMap(); see docs/api.md "Gremlin queries".',
    details: at === undefined ? {} : { position: at + 1 },
  });
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (PUNCT.has(c)) {
      tokens.push({ kind: 'punct', text: c as '.', at: i });
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i]!)) i++;
      tokens.push({ kind: 'ident', text: text.slice(start, i), at: start });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?[lLiIdDfF]?/.exec(text.slice(i))!;
      const value = Number(match[0].replace(/[lLiIdDfF]$/, ''));
      if (!Number.isFinite(value)) throw refused(`The number '${match[0]}' is out of range`, i);
      tokens.push({ kind: 'number', value, at: i });
      i += match[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        const d = text[i];
        if (d === undefined) throw refused('A string is not closed', start);
        if (d === c) break;
        if (d === '\\') {
          const e = text[i + 1] ?? '';
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          const escaped = ESCAPES[e];
          if (escaped === undefined) throw refused(`Unknown escape '\\${e}' in a string`, i);
          value += escaped;
          i += 2;
          continue;
        }
        // "…${x}…" is a Groovy GString: code inside a string. Literal text only.
        if (c === '"' && d === '$' && text[i + 1] === '{') throw refused('String interpolation (${…}) is not allowed; use single quotes or bindings', i);
        value += d;
        i++;
      }
      tokens.push({ kind: 'string', value, at: start });
      i++;
      continue;
    }
    if (c === '{' || c === '}') throw refused('Lambdas and closures ({ … }) are not allowed: only traversal steps with literal arguments', i, 'Rewrite the closure with steps (where(), choose(), math(), project()…).');
    if (c === ';') throw refused('Only one traversal is allowed, without ";"', i);
    throw refused(`Unexpected character '${c}': only a g.… step chain with literal arguments is accepted`, i);
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}
