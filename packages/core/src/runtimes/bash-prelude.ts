import { OUTPUTS_FILE } from './protocol.js';

/** File names inside the work dir's `.twingraph/` folder; inputs are one file per INPUT_ variable. */
export const BASH_FILES = { prelude: 'prelude.sh', component: 'component.sh', inputs: 'inputs' } as const;

/** `my-input` → `INPUT_MY_INPUT`: upper case, anything but letters, digits and `_` becomes `_`. */
export function bashInputName(name: string): string {
  return `INPUT_${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}

/** The value of an INPUT_ variable: strings as they are, everything else as JSON text. */
export function bashInputValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

// JSON escapes for the control characters other than \t \n \r (bash strings cannot hold NUL).
const OTHER_CONTROLS = Array.from({ length: 31 }, (_, i) => i + 1).filter((code) => code !== 9 && code !== 10 && code !== 13);
const octal = (code: number): string => `$'\\${code.toString(8).padStart(3, '0')}'`;
const CONTROL_CLASS = `$'${OTHER_CONTROLS.map((code) => `\\${code.toString(8).padStart(3, '0')}`).join('')}'`;
const CONTROL_REPLACEMENTS = OTHER_CONTROLS.map((code) => `      s=\${s//${octal(code)}/\\\\u${code.toString(16).padStart(4, '0')}}`).join('\n');

/**
 * Sourced before the component (`bash prelude.sh component.sh`):
 * - exports `INPUT_<NAME>` for every input (read from files, so inputs of any size work);
 * - defines `twingraph_output NAME VALUE` (a string output) and `twingraph_output --json NAME JSON`
 *   (any JSON value, e.g. a number or an array); each call adds or replaces one output and rewrites
 *   outputs.json in the work dir, so outputs accumulate over calls.
 * Then it sources the component, whose exit status is the script's.
 */
export const BASH_PRELUDE = `\
# TwinGraph bash prelude: INPUT_<NAME> variables and twingraph_output, then the component.
for __tg_file in "$TWINGRAPH_WORK_DIR/.twingraph/${BASH_FILES.inputs}/"INPUT_*; do
  [ -e "$__tg_file" ] || continue
  IFS= read -r -d '' "\${__tg_file##*/}" < "$__tg_file" || true
  export "\${__tg_file##*/}"
done
unset __tg_file

# Outputs so far, in order of first definition (indexed arrays: works in bash 3.2 too).
__TG_OUT_KEYS=()
__TG_OUT_VALUES=()

# Sets __TG_JSON to $1 as a JSON string literal.
__tg_json_string() {
  local s=$1
  s=\${s//\\\\/\\\\\\\\}
  s=\${s//\\"/\\\\\\"}
  s=\${s//$'\\n'/\\\\n}
  s=\${s//$'\\r'/\\\\r}
  s=\${s//$'\\t'/\\\\t}
  case $s in
    *[${CONTROL_CLASS}]*)
${CONTROL_REPLACEMENTS}
      ;;
  esac
  __TG_JSON="\\"$s\\""
}

# twingraph_output NAME VALUE        sets output NAME to the string VALUE
# twingraph_output --json NAME JSON  sets output NAME to a JSON value (number, boolean, null, array, object)
twingraph_output() {
  local raw=
  if [ "\${1-}" = --json ]; then raw=1; shift; fi
  if [ $# -ne 2 ] || [ -z "$1" ]; then
    echo 'usage: twingraph_output [--json] NAME VALUE' >&2
    return 2
  fi
  local name=$1 value=$2 json='{' sep= i=0
  if [ -z "$raw" ]; then __tg_json_string "$value"; value=$__TG_JSON; fi
  while [ "$i" -lt "\${#__TG_OUT_KEYS[@]}" ] && [ "\${__TG_OUT_KEYS[$i]}" != "$name" ]; do i=$((i + 1)); done
  __TG_OUT_KEYS[$i]=$name
  __TG_OUT_VALUES[$i]=$value
  for ((i = 0; i < \${#__TG_OUT_KEYS[@]}; i++)); do
    __tg_json_string "\${__TG_OUT_KEYS[$i]}"
    json+="$sep$__TG_JSON:\${__TG_OUT_VALUES[$i]}"
    sep=,
  done
  printf '%s}\\n' "$json" > "$TWINGRAPH_WORK_DIR/${OUTPUTS_FILE}"
}

__tg_component=$1
shift
. "$__tg_component"
`;
