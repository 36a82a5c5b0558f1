import type { ComponentVertex } from '@twingraph/model';
import { href, navigate } from '../app/router.js';
import { durationBetween, formatDuration, formatTime, prettyJson } from '../executions/monitor-format.js';
import { StatusBadge } from '../executions/StatusBadge.js';

/** One component execution (a lineage vertex) and the ways to explore from it. */
export function ComponentInspector({ vertex, depth, onClose }: { vertex: ComponentVertex; depth: number; onClose: () => void }) {
  return (
    <aside className="inspector lineage-inspector" data-testid="lineage-inspector" data-name={vertex.name} data-hash={vertex.hash}>
      <div className="inspector-header">
        <h3>{vertex.name}</h3>
        <StatusBadge status={vertex.status} testId="lineage-inspector-status" />
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close" data-testid="lineage-inspector-close">
          ×
        </button>
      </div>
      <div className="monitor-actions">
        <button type="button" className="button small primary" onClick={() => navigate(`/lineage?component=${encodeURIComponent(vertex.hash)}&depth=${depth}`)} data-testid="explore-component">
          Upstream + downstream
        </button>
        <a className="button small" href={href(`/executions/${vertex.pipelineId}`)} data-testid="open-execution">
          Execution
        </a>
        <a className="button small" href={href('/lineage', { execution: vertex.pipelineId })}>
          Whole run
        </a>
      </div>
      <dl className="kv">
        <dt>Platform</dt>
        <dd>{vertex.platform}</dd>
        <dt>Hash</dt>
        <dd>
          <code data-testid="lineage-inspector-hash">{vertex.hash}</code>
        </dd>
        <dt>Execution</dt>
        <dd>
          <code>{vertex.executionId}</code>
        </dd>
        <dt>Run</dt>
        <dd>
          <code>{vertex.pipelineId}</code>
        </dd>
        <dt>Started</dt>
        <dd>{formatTime(vertex.startedAt)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(durationBetween(vertex.startedAt, vertex.completedAt))}</dd>
        <dt>Attempts</dt>
        <dd>{vertex.attempts}</dd>
        <dt>Code hash</dt>
        <dd>
          <code>{vertex.codeHash}</code>
        </dd>
        {vertex.image !== undefined && (
          <>
            <dt>Image</dt>
            <dd>
              <code>{vertex.image}</code>
            </dd>
          </>
        )}
        {vertex.git?.commit !== undefined && (
          <>
            <dt>Git</dt>
            <dd>
              <code>{vertex.git.commit.slice(0, 12)}</code> {vertex.git.file}:{vertex.git.startLine}-{vertex.git.endLine}
            </dd>
          </>
        )}
      </dl>
      {vertex.error !== undefined && (
        <pre className="error-block" data-testid="lineage-inspector-error">
          {vertex.error.code}: {vertex.error.message}
        </pre>
      )}
      {vertex.attributes !== undefined && Object.keys(vertex.attributes).length > 0 && (
        <section>
          <h4>Attributes</h4>
          <pre className="json">{prettyJson(vertex.attributes)}</pre>
        </section>
      )}
      <section>
        <h4>Inputs</h4>
        <pre className="json" data-testid="lineage-inspector-inputs">{prettyJson(vertex.inputs)}</pre>
      </section>
      <section>
        <h4>Outputs</h4>
        <pre className="json" data-testid="lineage-inspector-outputs">{prettyJson(vertex.outputs)}</pre>
      </section>
    </aside>
  );
}
