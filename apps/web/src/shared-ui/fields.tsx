import { useEffect, useState, type ReactNode } from 'react';

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string | undefined }) {
  return (
    <label className="field">
      <span className="field-label" title={hint}>
        {label}
      </span>
      {children}
    </label>
  );
}

export function TextInput({ value, onChange, testId, placeholder }: { value: string | undefined; onChange: (v: string | undefined) => void; testId: string; placeholder?: string }) {
  return <input className="input" value={value ?? ''} placeholder={placeholder} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} data-testid={testId} />;
}

/** A number field; empty means "not set" (the runtime default applies). */
export function NumberInput({ value, onChange, testId, placeholder, min }: { value: number | undefined; onChange: (v: number | undefined) => void; testId: string; placeholder?: string; min?: number }) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    if (Number(text) !== value && !(text === '' && value === undefined)) setText(value === undefined ? '' : String(value));
    // Only outside changes (undo, another node) reset the text; typing keeps partial input like "1.".
  }, [value]);
  const invalid = text !== '' && !Number.isFinite(Number(text));
  return (
    <input
      className={invalid ? 'input invalid' : 'input'}
      inputMode="decimal"
      value={text}
      placeholder={placeholder}
      min={min}
      onChange={(e) => {
        setText(e.target.value);
        const n = Number(e.target.value);
        if (e.target.value === '') onChange(undefined);
        else if (Number.isFinite(n)) onChange(n);
      }}
      data-testid={testId}
    />
  );
}

export function SelectInput<T extends string>({ value, options, onChange, testId, allowEmpty }: { value: T | undefined; options: readonly T[]; onChange: (v: T | undefined) => void; testId: string; allowEmpty?: string }) {
  return (
    <select className="select" value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? undefined : (e.target.value as T))} data-testid={testId}>
      {allowEmpty !== undefined && <option value="">{allowEmpty}</option>}
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}

/**
 * JSON text for a value; the value changes when the text parses (an empty text means "not set").
 * A parse error is shown under the field and nothing changes until it is fixed.
 */
export function JsonInput({ value, onChange, testId, rows = 3, placeholder }: { value: unknown; onChange: (v: unknown) => void; testId: string; rows?: number; placeholder?: string }) {
  const render = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, typeof v === 'object' && v !== null && JSON.stringify(v).length > 40 ? 2 : undefined));
  const [text, setText] = useState(render(value));
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let same = false;
    try {
      same = text.trim() === '' ? value === undefined : JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
    } catch {
      same = false;
    }
    if (!same && error === undefined) setText(render(value));
  }, [value]);
  return (
    <>
      <textarea
        className={error ? 'textarea invalid' : 'textarea'}
        rows={rows}
        value={text}
        placeholder={placeholder}
        spellCheck={false}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '') {
            setError(undefined);
            onChange(undefined);
            return;
          }
          try {
            const parsed: unknown = JSON.parse(e.target.value);
            setError(undefined);
            onChange(parsed);
          } catch (err) {
            setError(err instanceof Error ? err.message : String(err));
          }
        }}
        data-testid={testId}
      />
      {error !== undefined && (
        <span className="field-error" data-testid={`${testId}-error`}>
          Not JSON yet: {error}
        </span>
      )}
    </>
  );
}
