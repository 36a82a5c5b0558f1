import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { ComponentVertex, LineageGraph } from '@twingraph/model';
import { api } from '../app/api.js';
import { navigate, useRoute } from '../app/router.js';
import { toastError, toastSuccess } from '../app/toast-store.js';
import { ErrorPanel } from '../executions/ErrorPanel.js';
import { formatDuration, shortId } from '../executions/monitor-format.js';
import { useLoad } from '../executions/use-load.js';
import { ComponentInspector } from './ComponentInspector.js';
import { COSE_LIMIT, LineageCanvas, type LayoutName, type LineageCanvasHandle } from './LineageCanvas.js';
import { downloadBlob } from './lineage-download.js';
import { colourOf, graphFigures, mergeGraphs, parseLineageJson, PLATFORM_COLOURS, STATUS_COLOURS, type ColourBy } from './lineage-elements.js';
import '../executions/monitor.css';
import './lineage.css';

interface Shown {
  graph: LineageGraph;
  /** Where it came from, for file names and the header. */
  title: string;
  focus: string | undefined;
}

const MAX_MATCHES_LISTED = 50;

function Counts({ counts, colours, testId }: { counts: Record<string, number>; colours: Record<string, string>; testId: string }) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="counts" data-testid={testId}>
      {entries.map(([k, v]) => (
        <li key={k} data-key={k} data-count={v}>
          <span className="swatch" style={{ background: colours[k] ?? '#8a93a3' }} />
          {k}
          <span className="count">{v}</span>
        </li>
      ))}
    </ul>
  );
}

/** Lineage explorer: an execution's graph or a component's upstream/downstream, on a canvas. */
export default function LineagePage() {
  const { query } = useRoute();
  const executionId = query['execution'] || undefined;
  const component = query['component'] || undefined;
  const depth = Math.min(50, Math.max(1, Number(query['depth'] ?? 3) || 3));
  const [imported, setImported] = useState<Shown | undefined>(undefined);
  const [colourBy, setColourBy] = useState<ColourBy>('status');
  const [layout, setLayout] = useState<LayoutName>('layered');
  const [hiddenPlatforms, setHiddenPlatforms] = useState<ReadonlySet<string>>(new Set());
  const [hiddenStatuses, setHiddenStatuses] = useState<ReadonlySet<string>>(new Set());
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [renderMs, setRenderMs] = useState<number | undefined>(undefined);
  const [executionInput, setExecutionInput] = useState(executionId ?? '');
  const [componentInput, setComponentInput] = useState(component ?? '');
  const [depthInput, setDepthInput] = useState(String(depth));
  const canvas = useRef<LineageCanvasHandle>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    setImported(undefined);
    setSelected(undefined);
    setExecutionInput(executionId ?? '');
    setComponentInput(component ?? '');
    setDepthInput(String(depth));
  }, [executionId, component, depth]);

  const loaded = useLoad<Shown | undefined>(async (signal) => {
    if (executionId !== undefined) {
      return { graph: await api.graph.execution(executionId, { signal }), title: `execution ${executionId}`, focus: undefined };
    }
    if (component !== undefined) {
      const lineage = await api.graph.component(component, depth, { signal });
      return { graph: mergeGraphs(lineage.upstream, lineage.downstream), title: `${lineage.executions[0]?.name ?? 'component'} ${component}`, focus: lineage.executions[0]?.executionId };
    }
    return undefined;
  }, [executionId, component, depth]);
  const statistics = useLoad((signal) => api.graph.statistics({ signal }), [loaded.data]);
  const recent = useLoad((signal) => (executionId === undefined && component === undefined ? api.executions.list({ limit: 8 }, { signal }) : Promise.resolve(undefined)), [executionId, component]);

  const shown = imported ?? loaded.data;
  const graph = shown?.graph;
  const byId = useMemo(() => new Map((graph?.components ?? []).map((c) => [c.executionId, c])), [graph]);
  const hidden = useMemo(() => {
    const out = new Set<string>();
    for (const c of graph?.components ?? []) if (hiddenPlatforms.has(c.platform) || hiddenStatuses.has(c.status)) out.add(c.executionId);
    return out;
  }, [graph, hiddenPlatforms, hiddenStatuses]);
  const matches = useMemo(() => {
    const text = deferredSearch.trim().toLowerCase();
    const out = new Set<string>();
    if (text === '') return out;
    for (const c of graph?.components ?? []) {
      if (!hidden.has(c.executionId) && (c.name.toLowerCase().includes(text) || c.hash.startsWith(text) || c.executionId.startsWith(text))) out.add(c.executionId);
    }
    return out;
  }, [graph, deferredSearch, hidden]);
  const figures = useMemo(() => (graph === undefined ? undefined : graphFigures(graph)), [graph]);
  const selectedVertex: ComponentVertex | undefined = selected === undefined ? undefined : byId.get(selected);

  const toggle = (set: ReadonlySet<string>, value: string, apply: (s: ReadonlySet<string>) => void) => {
    const next = new Set(set);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    apply(next);
  };

  const exportJson = () => {
    if (shown === undefined) return;
    downloadBlob(new Blob([JSON.stringify(shown.graph, null, 2)], { type: 'application/json' }), `lineage-${fileStem(shown.title)}.json`);
  };
  const exportPng = async () => {
    if (shown === undefined || canvas.current === null) return;
    try {
      downloadBlob(await canvas.current.png(), `lineage-${fileStem(shown.title)}.png`);
    } catch (e) {
      toastError('PNG export failed', e);
    }
  };
  const importJson = async (file: File) => {
    try {
      const parsed = parseLineageJson(await file.text());
      setSelected(undefined);
      setImported({ graph: parsed, title: file.name.replace(/\.json$/i, ''), focus: undefined });
      toastSuccess(`Opened ${file.name}`, `${parsed.components.length} components`);
    } catch (e) {
      toastError(`Cannot open ${file.name}`, e);
    }
  };

  const platformsPresent = Object.keys(figures?.byPlatform ?? {});
  const statusesPresent = Object.keys(figures?.byStatus ?? {});
  const matchList = [...matches].slice(0, MAX_MATCHES_LISTED).map((id) => byId.get(id)!);

  return (
    <div className="lineage-page" data-testid="lineage-page">
      <aside className="lineage-sidebar">
        <section>
          <h3>Explore</h3>
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              if (executionInput.trim() !== '') navigate(`/lineage?execution=${encodeURIComponent(executionInput.trim())}`);
            }}
          >
            <label>Execution</label>
            <div className="row">
              <input className="input" placeholder="execution (run) id" value={executionInput} onChange={(e) => setExecutionInput(e.target.value)} data-testid="lineage-execution-input" />
              <button className="button small" type="submit" data-testid="lineage-execution-open">
                Open
              </button>
            </div>
          </form>
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              if (componentInput.trim() !== '') navigate(`/lineage?component=${encodeURIComponent(componentInput.trim())}&depth=${Number(depthInput) || 3}`);
            }}
          >
            <label>Component (hash or execution id), depth</label>
            <div className="row">
              <input className="input" placeholder="hash" value={componentInput} onChange={(e) => setComponentInput(e.target.value)} data-testid="lineage-component-input" />
              <input className="input depth" type="number" min={1} max={50} value={depthInput} onChange={(e) => setDepthInput(e.target.value)} data-testid="lineage-depth" aria-label="depth" />
              <button className="button small" type="submit" data-testid="lineage-component-open">
                Open
              </button>
            </div>
          </form>
          <div className="row">
            <button type="button" className="button small" onClick={() => fileInput.current?.click()}>
              Open JSON…
            </button>
            <input
              ref={fileInput}
              type="file"
              accept="application/json,.json"
              hidden
              data-testid="lineage-import"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file !== undefined) void importJson(file);
                e.target.value = '';
              }}
            />
          </div>
        </section>
        {graph !== undefined && (
          <>
            <section>
              <h3>View</h3>
              <div className="row">
                <label>Colour by</label>
                <select className="select small" value={colourBy} onChange={(e) => setColourBy(e.target.value as ColourBy)} data-testid="lineage-colour-by">
                  <option value="status">status</option>
                  <option value="platform">platform</option>
                </select>
              </div>
              <div className="row">
                <label>Layout</label>
                <select className="select small" value={layout} onChange={(e) => setLayout(e.target.value as LayoutName)} data-testid="lineage-layout">
                  <option value="layered">layered (dependencies)</option>
                  <option value="breadthfirst">breadth-first tree</option>
                  <option value="cose" disabled={graph.components.length > COSE_LIMIT}>
                    force-directed{graph.components.length > COSE_LIMIT ? ` (≤ ${COSE_LIMIT} vertices)` : ''}
                  </option>
                  <option value="concentric">concentric</option>
                  <option value="circle">circle</option>
                  <option value="grid">grid</option>
                </select>
              </div>
              <div className="row">
                <button type="button" className="button small" onClick={() => canvas.current?.fit()}>
                  Fit
                </button>
                <button type="button" className="button small" onClick={exportJson} data-testid="lineage-export-json">
                  Export JSON
                </button>
                <button type="button" className="button small" onClick={() => void exportPng()} data-testid="lineage-export-png">
                  Export PNG
                </button>
              </div>
            </section>
            <section>
              <h3>Filter</h3>
              <div className="filter-group" data-testid="lineage-platform-filters">
                {platformsPresent.map((p) => (
                  <label key={p} className="check">
                    <input type="checkbox" checked={!hiddenPlatforms.has(p)} onChange={() => toggle(hiddenPlatforms, p, setHiddenPlatforms)} data-testid={`filter-platform-${p}`} />
                    {p}
                  </label>
                ))}
              </div>
              <div className="filter-group" data-testid="lineage-status-filters">
                {statusesPresent.map((s) => (
                  <label key={s} className="check">
                    <input type="checkbox" checked={!hiddenStatuses.has(s)} onChange={() => toggle(hiddenStatuses, s, setHiddenStatuses)} data-testid={`filter-status-${s}`} />
                    {s}
                  </label>
                ))}
              </div>
              <input className="input" placeholder="search name, hash or id" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="lineage-search" />
              {search.trim() !== '' && (
                <div className="matches" data-testid="lineage-matches" data-count={matches.size}>
                  <div className="muted">
                    {matches.size} match{matches.size === 1 ? '' : 'es'}
                    {matches.size > MAX_MATCHES_LISTED ? ` (first ${MAX_MATCHES_LISTED} listed)` : ''}
                  </div>
                  {matchList.map((c) => (
                    <button type="button" key={c.executionId} className={c.executionId === selected ? 'match-item selected' : 'match-item'} onClick={() => setSelected(c.executionId)} data-testid="lineage-match" data-name={c.name}>
                      <span className="swatch" style={{ background: colourOf(c, colourBy) }} />
                      {c.name} <code className="muted">{shortId(c.hash)}</code>
                    </button>
                  ))}
                </div>
              )}
            </section>
            <section data-testid="lineage-figures" data-components={figures?.components} data-edges={figures?.edges} data-depth={figures?.depth}>
              <h3>This graph</h3>
              <dl className="kv">
                <dt>Components</dt>
                <dd data-testid="figure-components">{figures?.components}</dd>
                <dt>Edges</dt>
                <dd data-testid="figure-edges">{figures?.edges}</dd>
                <dt>Runs</dt>
                <dd>{figures?.pipelines}</dd>
                <dt>Depth</dt>
                <dd>{figures?.depth}</dd>
                <dt>Roots / leaves</dt>
                <dd>
                  {figures?.roots} / {figures?.leaves}
                </dd>
                <dt>Compute time</dt>
                <dd>{formatDuration(figures?.totalDurationMs)}</dd>
                <dt>Drawn in</dt>
                <dd data-testid="lineage-render-ms" data-ms={renderMs === undefined ? '' : Math.round(renderMs)}>
                  {formatDuration(renderMs)}
                </dd>
              </dl>
              <Counts counts={colourBy === 'status' ? (figures?.byStatus ?? {}) : (figures?.byPlatform ?? {})} colours={colourBy === 'status' ? STATUS_COLOURS : PLATFORM_COLOURS} testId="lineage-legend" />
            </section>
          </>
        )}
        <section data-testid="lineage-statistics">
          <h3>Whole store</h3>
          {statistics.error !== undefined && <ErrorPanel error={statistics.error} onRetry={statistics.reload} testId="statistics-error" />}
          {statistics.data !== undefined && (
            <>
              <dl className="kv">
                <dt>Vertices</dt>
                <dd data-testid="stat-vertices">{statistics.data.vertices}</dd>
                <dt>Edges</dt>
                <dd data-testid="stat-edges">{statistics.data.edges}</dd>
                <dt>Runs</dt>
                <dd data-testid="stat-pipelines">{statistics.data.pipelines}</dd>
                <dt>Components</dt>
                <dd data-testid="stat-components">{statistics.data.components}</dd>
              </dl>
              <Counts counts={statistics.data.byPlatform} colours={PLATFORM_COLOURS} testId="stat-by-platform" />
              <Counts counts={statistics.data.byStatus} colours={STATUS_COLOURS} testId="stat-by-status" />
            </>
          )}
        </section>
      </aside>
      <main className="lineage-main">
        <div className="lineage-title" data-testid="lineage-title">
          {shown === undefined ? 'Lineage explorer' : shown.title}
          {loaded.loading && shown === undefined && (executionId ?? component) !== undefined && <span className="muted"> loading…</span>}
        </div>
        {loaded.error !== undefined && imported === undefined && <ErrorPanel error={loaded.error} onRetry={loaded.reload} />}
        {graph !== undefined ? (
          <LineageCanvas ref={canvas} graph={graph} colourBy={colourBy} layout={layout} hidden={hidden} matches={matches} focus={shown?.focus} selected={selected} onSelect={setSelected} onRendered={setRenderMs} />
        ) : (
          executionId === undefined &&
          component === undefined && (
            <div className="lineage-start" data-testid="lineage-start">
              <p>Open an execution&apos;s graph, or a component&apos;s upstream and downstream, or a lineage JSON file.</p>
              {(recent.data?.items.length ?? 0) > 0 && (
                <table className="table compact">
                  <tbody>
                    {recent.data!.items.map((r) => (
                      <tr key={r.runId}>
                        <td>
                          <a href={`#/lineage?execution=${encodeURIComponent(r.runId)}`} data-testid="lineage-recent">
                            {r.pipeline}
                          </a>
                        </td>
                        <td>
                          <code>{shortId(r.runId)}</code>
                        </td>
                        <td className="muted">{r.status}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          )
        )}
      </main>
      {selectedVertex !== undefined && <ComponentInspector vertex={selectedVertex} depth={depth} onClose={() => setSelected(undefined)} />}
    </div>
  );
}

function fileStem(title: string): string {
  return title.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'graph';
}

