import { memo, useCallback, useRef, useState, type ReactNode } from 'react';
import { JOIN_POLICIES, LANGUAGES, PLATFORMS, type ComponentNode, type WorkflowNode } from '@twingraph/model';
import { CodeEditor } from '../../shared-ui/CodeEditor.js';
import { Field, JsonInput, NumberInput, SelectInput, TextInput } from '../../shared-ui/fields.js';
import { useDesigner } from '../model/designer-store.js';
import { STARTER_CODE } from '../model/node-factory.js';
import { useRun } from '../run/run-store.js';
import { NodeIdField } from './NodeIdField.js';
import { PlatformOptionsFields } from './PlatformOptionsFields.js';
import { PortsEditor } from './PortsEditor.js';
import { WorkflowSettings } from './WorkflowSettings.js';

function Section({ title, children, defaultOpen = true, testId }: { title: string; children: ReactNode; defaultOpen?: boolean; testId?: string }) {
  const [open, setOpen] = useState(defaultOpen);
  return (
    <section className="prop-section" data-testid={testId}>
      <button type="button" className="prop-section-title" onClick={() => setOpen(!open)}>
        <span>{open ? '▾' : '▸'}</span> {title}
      </button>
      {open && <div className="prop-section-body">{children}</div>}
    </section>
  );
}

function envToText(env: Record<string, string> | undefined): string {
  return Object.entries(env ?? {}).map(([k, v]) => `${k}=${v}`).join('\n');
}

function textToEnv(text: string): Record<string, string> | undefined {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (line.trim() === '' || i <= 0) continue;
    env[line.slice(0, i).trim()] = line.slice(i + 1);
  }
  return Object.keys(env).length === 0 ? undefined : env;
}

function ComponentFields({ node, patch, locked }: { node: ComponentNode; patch: (p: Record<string, unknown>) => void; locked: boolean }) {
  const retry = node.retry ?? {};
  const backoff = retry.backoff ?? {};
  const setRetry = (r: Record<string, unknown>) => {
    const next: Record<string, unknown> = { ...retry, ...r };
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    patch({ retry: Object.keys(next).length === 0 ? undefined : next });
  };
  const setBackoff = (b: Record<string, unknown>) => {
    const next: Record<string, unknown> = { ...backoff, ...b };
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    setRetry({ backoff: Object.keys(next).length === 0 ? undefined : next });
  };
  const resources = node.resources ?? {};
  const setResources = (r: Record<string, unknown>) => {
    const next: Record<string, unknown> = { ...resources, ...r };
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    patch({ resources: Object.keys(next).length === 0 ? undefined : next });
  };
  const cache = node.cache;
  const cacheOn = cache === true || (typeof cache === 'object' && cache.enabled !== false);
  const ttl = typeof cache === 'object' ? cache.ttlMs : undefined;
  const onCode = useCallback((code: string) => patch({ code }), [patch]);
  const numberOrText = (v: string | undefined) => (v === undefined ? undefined : /^\d+(\.\d+)?$/.test(v) ? Number(v) : v);
  return (
    <>
      <Section title="Code" testId="section-code">
        <Field label="Language">
          <SelectInput
            value={node.language}
            options={LANGUAGES}
            allowEmpty="(none: container image)"
            onChange={(language) => patch({ language, ...(language && (node.code === undefined || node.code === '' || Object.values(STARTER_CODE).includes(node.code)) ? { code: STARTER_CODE[language] } : {}) })}
            testId="prop-language"
          />
        </Field>
        {node.language !== undefined && <CodeEditor value={node.code ?? ''} language={node.language} onChange={locked ? undefined : onCode} testId="prop-code" />}
      </Section>
      <Section title="Platform" testId="section-platform">
        <Field label="Platform">
          <SelectInput value={node.platform} options={PLATFORMS} onChange={(platform) => patch({ platform: platform ?? 'local' })} testId="prop-platform" />
        </Field>
        <Field label="Image" hint="Container image (docker, kubernetes, batch)">
          <TextInput value={node.image} onChange={(image) => patch({ image })} testId="prop-image" placeholder="e.g. python:3.12-slim" />
        </Field>
        <Field label="Command" hint="JSON array, for an image without code">
          <JsonInput value={node.command} onChange={(command) => patch({ command })} testId="prop-command" rows={1} placeholder='["python", "main.py"]' />
        </Field>
        <PlatformOptionsFields key={`${node.id}:${node.platform}`} node={node} patch={patch} />
      </Section>
      <Section title="Retry and timeout" testId="section-retry">
        <div className="field-grid">
          <Field label="Max attempts">
            <NumberInput value={retry.maxAttempts} onChange={(maxAttempts) => setRetry({ maxAttempts })} testId="prop-retry-max-attempts" placeholder="1" />
          </Field>
          <Field label="Timeout (ms)" hint="Per attempt">
            <NumberInput value={node.timeoutMs} onChange={(timeoutMs) => patch({ timeoutMs })} testId="prop-timeout" placeholder="none" />
          </Field>
          <Field label="Backoff initial (ms)">
            <NumberInput value={backoff.initialMs} onChange={(initialMs) => setBackoff({ initialMs })} testId="prop-backoff-initial" placeholder="100" />
          </Field>
          <Field label="Backoff factor">
            <NumberInput value={backoff.factor} onChange={(factor) => setBackoff({ factor })} testId="prop-backoff-factor" placeholder="2" />
          </Field>
          <Field label="Backoff max (ms)">
            <NumberInput value={backoff.maxMs} onChange={(maxMs) => setBackoff({ maxMs })} testId="prop-backoff-max" placeholder="30000" />
          </Field>
          <Field label="Jitter (0–1)">
            <NumberInput value={backoff.jitter} onChange={(jitter) => setBackoff({ jitter })} testId="prop-backoff-jitter" placeholder="0.2" />
          </Field>
        </div>
      </Section>
      <Section title="Resources, cache, environment" defaultOpen={false} testId="section-resources">
        <div className="field-grid">
          <Field label="CPU" hint="1, 0.5 or 500m">
            <TextInput value={resources.cpu === undefined ? undefined : String(resources.cpu)} onChange={(cpu) => setResources({ cpu: numberOrText(cpu) })} testId="prop-cpu" />
          </Field>
          <Field label="Memory" hint="512Mi, 2G or bytes">
            <TextInput value={resources.memory === undefined ? undefined : String(resources.memory)} onChange={(memory) => setResources({ memory: numberOrText(memory) })} testId="prop-memory" />
          </Field>
          <Field label="GPU">
            <NumberInput value={typeof resources.gpu === 'number' ? resources.gpu : resources.gpu === true ? 1 : undefined} onChange={(gpu) => setResources({ gpu })} testId="prop-gpu" />
          </Field>
          <Field label="Cache results">
            <SelectInput value={cacheOn ? 'on' : 'off'} options={['off', 'on'] as const} onChange={(v) => patch({ cache: v === 'on' ? (ttl === undefined ? true : { enabled: true, ttlMs: ttl }) : undefined })} testId="prop-cache" />
          </Field>
          {cacheOn && (
            <Field label="Cache TTL (ms)">
              <NumberInput value={ttl} onChange={(ttlMs) => patch({ cache: ttlMs === undefined ? true : { enabled: true, ttlMs } })} testId="prop-cache-ttl" placeholder="unlimited" />
            </Field>
          )}
        </div>
        <Field label="Environment" hint="KEY=value per line; ${secret:NAME} is resolved at run time">
          <textarea className="textarea" rows={3} defaultValue={envToText(node.env)} key={node.id} onChange={(e) => patch({ env: textToEnv(e.target.value) })} data-testid="prop-env" spellCheck={false} />
        </Field>
        <Field label="Additional attributes" hint="JSON object recorded on the lineage vertex">
          <JsonInput value={node.additionalAttributes} onChange={(additionalAttributes) => patch({ additionalAttributes })} testId="prop-attributes" rows={3} placeholder='{"team": "search"}' />
        </Field>
      </Section>
    </>
  );
}

function ControlFields({ node, patch, componentIds }: { node: Exclude<WorkflowNode, ComponentNode>; patch: (p: Record<string, unknown>) => void; componentIds: string[] }) {
  switch (node.type) {
    case 'condition':
      return (
        <Section title="Condition">
          <Field label="Expression" hint="Over the inputs, e.g. value > 10; edges leave from the true / false outputs">
            <TextInput value={node.expression} onChange={(expression) => patch({ expression: expression ?? '' })} testId="prop-expression" />
          </Field>
        </Section>
      );
    case 'map':
      return (
        <Section title="Map">
          <Field label="Over (input)">
            <SelectInput value={node.over} options={node.inputs.map((p) => p.name)} onChange={(over) => patch({ over: over ?? '' })} testId="prop-over" allowEmpty="(choose an input)" />
          </Field>
          <Field label="Body (component node)">
            <SelectInput value={node.body || undefined} options={componentIds} onChange={(body) => patch({ body: body ?? '' })} testId="prop-body" allowEmpty="(choose a node)" />
          </Field>
          <div className="field-grid">
            <Field label="Max parallel">
              <NumberInput value={node.maxParallel} onChange={(maxParallel) => patch({ maxParallel })} testId="prop-max-parallel" placeholder="workflow's" />
            </Field>
            <Field label="Max iterations">
              <NumberInput value={node.maxIterations} onChange={(maxIterations) => patch({ maxIterations })} testId="prop-max-iterations" placeholder="10000" />
            </Field>
          </div>
        </Section>
      );
    case 'loop':
      return (
        <Section title="Loop">
          <Field label="While" hint="Expression over the state and `iteration`">
            <TextInput value={node.while} onChange={(v) => patch({ while: v ?? '' })} testId="prop-while" />
          </Field>
          <Field label="Body (component node)">
            <SelectInput value={node.body || undefined} options={componentIds} onChange={(body) => patch({ body: body ?? '' })} testId="prop-body" allowEmpty="(choose a node)" />
          </Field>
          <Field label="Max iterations">
            <NumberInput value={node.maxIterations} onChange={(maxIterations) => patch({ maxIterations: maxIterations ?? 1 })} testId="prop-max-iterations" />
          </Field>
        </Section>
      );
    case 'subworkflow':
      return (
        <Section title="Sub-workflow">
          <Field label="Ref" hint="Path of a workflow file (CLI runs)">
            <TextInput value={node.ref} onChange={(ref) => patch({ ref })} testId="prop-ref" />
          </Field>
          <Field label="Inline workflow (JSON)">
            <JsonInput value={node.workflow} onChange={(workflow) => patch({ workflow })} testId="prop-workflow" rows={8} />
          </Field>
        </Section>
      );
  }
}

function sameExceptPosition(a: WorkflowNode, b: WorkflowNode): boolean {
  if (a === b) return true;
  const ka = Object.keys(a).filter((k) => k !== 'position');
  const kb = Object.keys(b).filter((k) => k !== 'position');
  return ka.length === kb.length && ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}

/** Every option of the selected node, or the workflow's settings when none is selected. */
function PropertiesPanelImpl() {
  const selected = useDesigner((s) => (s.selectedNodes.size === 1 ? [...s.selectedNodes][0] : undefined));
  // Dragging a node changes only its position: keep the previous object then, so the panel (Monaco,
  // every field) does not re-render on each mouse move.
  const last = useRef<WorkflowNode | undefined>(undefined);
  const node = useDesigner((s) => {
    const found = selected === undefined ? undefined : s.doc.nodes.find((n) => n.id === selected);
    const prev = last.current;
    if (found && prev && sameExceptPosition(prev, found)) return prev;
    last.current = found;
    return found;
  });
  const componentIds = useDesigner((s) => s.doc.nodes.filter((n) => n.type === 'component').map((n) => n.id).join('\n'));
  const problems = useDesigner((s) => (selected === undefined ? undefined : s.problems.byNode.get(selected)));
  const locked = useRun((s) => s.status === 'running');
  const id = node?.id;
  const patch = useCallback((p: Record<string, unknown>) => {
    if (id !== undefined) useDesigner.getState().apply({ type: 'update-node', id, patch: p });
  }, [id]);
  if (!node) return <WorkflowSettings />;
  return (
    <aside className="properties" data-testid="properties-panel" key={node.id}>
      <div className="properties-header">
        <span className="badge">{node.type}</span>
        <strong>{node.name ?? node.id}</strong>
      </div>
      {problems && problems.length > 0 && (
        <ul className="problem-list" data-testid="node-problem-list">
          {problems.map((p, i) => (
            <li key={i}>
              <strong>{p.code}</strong> {p.message}
              {p.hint ? <div className="problem-hint">{p.hint}</div> : null}
            </li>
          ))}
        </ul>
      )}
      {locked && <div className="run-lock" data-testid="properties-locked">Editing is locked while the run is in progress.</div>}
      <fieldset className="prop-fieldset" disabled={locked}>
      <Section title="General">
        <Field label="Id">
          <NodeIdField id={node.id} />
        </Field>
        <Field label="Name">
          <TextInput value={node.name} onChange={(name) => patch({ name })} testId="prop-name" placeholder={node.id} />
        </Field>
        <Field label="Description">
          <TextInput value={node.description} onChange={(description) => patch({ description })} testId="prop-description" />
        </Field>
        <Field label="Join" hint="all: wait for every upstream; any: first one; ignoreFailed: run whatever happened">
          <SelectInput value={node.join} options={JOIN_POLICIES} onChange={(join) => patch({ join })} testId="prop-join" allowEmpty="all (default)" />
        </Field>
      </Section>
      <Section title="Inputs" testId="section-inputs">
        <PortsEditor nodeId={node.id} side="inputs" ports={node.inputs} />
      </Section>
      {node.type !== 'condition' && node.type !== 'map' && (
        <Section title="Outputs" testId="section-outputs">
          <PortsEditor nodeId={node.id} side="outputs" ports={node.outputs} />
        </Section>
      )}
      {node.type === 'component' ? <ComponentFields node={node} patch={patch} locked={locked} /> : <ControlFields node={node} patch={patch} componentIds={componentIds === '' ? [] : componentIds.split('\n')} />}
      </fieldset>
    </aside>
  );
}

export const PropertiesPanel = memo(PropertiesPanelImpl);
