import { useState } from 'react';
import { valueSchema } from './value-schema.js';

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

function Table({ value }: { value: Record<string, unknown> }) {
  const entries = Object.entries(value);
  // An object whose one field is a list of records (the usual component output) shows that list.
  const rowsOf = (v: unknown) => (Array.isArray(v) && v.length > 0 && v.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r)) ? (v as Record<string, unknown>[]) : undefined);
  return (
    <div className="value-table">
      {entries.map(([key, v]) => {
        const rows = rowsOf(v);
        if (rows) {
          const cols = [...new Set(rows.slice(0, 200).flatMap((r) => Object.keys(r)))];
          return (
            <div key={key} className="value-block">
              <div className="value-key">
                {key} <span className="badge">{rows.length} items</span>
              </div>
              <table className="data-table">
                <thead>
                  <tr>
                    {cols.map((c) => (
                      <th key={c}>{c}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.slice(0, 200).map((r, i) => (
                    <tr key={i}>
                      {cols.map((c) => (
                        <td key={c}>{cell(r[c])}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              {rows.length > 200 && <div className="toolbar-meta">first 200 of {rows.length} shown; JSON view has all</div>}
            </div>
          );
        }
        return (
          <div key={key} className="value-row">
            <span className="value-key">{key}</span>
            <span className="value-val">{Array.isArray(v) ? `[${v.length} items] ${cell(v)}` : cell(v)}</span>
          </div>
        );
      })}
    </div>
  );
}

function Schema({ value }: { value: Record<string, unknown> }) {
  const rows = valueSchema(value);
  return (
    <table className="data-table schema-table">
      <tbody>
        {rows.map((r) => (
          <tr key={r.path}>
            <td className="mono">{r.path}</td>
            <td>
              <span className="badge">{r.type}</span>
            </td>
            <td className="mono">{r.example ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A JSON value as its schema (fields and types), a table (records, fields) or JSON text. */
export function ValueView({ value, testId, empty = 'Nothing yet' }: { value: Record<string, unknown> | undefined; testId: string; empty?: string }) {
  const [mode, setMode] = useState<'schema' | 'table' | 'json'>('table');
  if (value === undefined) return <div className="value-empty" data-testid={testId}>{empty}</div>;
  return (
    <div className="value-view" data-testid={testId}>
      <div className="value-mode">
        <button type="button" className={mode === 'schema' ? 'tab active' : 'tab'} onClick={() => setMode('schema')} data-testid={`${testId}-schema-tab`}>
          Schema
        </button>
        <button type="button" className={mode === 'table' ? 'tab active' : 'tab'} onClick={() => setMode('table')}>
          Table
        </button>
        <button type="button" className={mode === 'json' ? 'tab active' : 'tab'} onClick={() => setMode('json')} data-testid={`${testId}-json-tab`}>
          JSON
        </button>
      </div>
      {mode === 'schema' ? <Schema value={value} /> : mode === 'table' ? <Table value={value} /> : <pre className="value-json">{JSON.stringify(value, null, 2)}</pre>}
    </div>
  );
}
