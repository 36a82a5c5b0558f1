import type { NodeRecord } from '@twingraph/model';
import { href } from '../app/router.js';
import { durationBetween, formatDuration, formatTime, prettyJson } from './monitor-format.js';
import { StatusBadge } from './StatusBadge.js';

/** Everything the run store knows about one node execution. */
export function NodeInspector({ node, onClose }: { node: NodeRecord; onClose: () => void }) {
  return (
    <aside className="inspector" data-testid="node-inspector" data-name={node.name}>
      <div className="inspector-header">
        <h3>{node.name}</h3>
        <StatusBadge status={node.status} testId="inspector-status" />
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close" data-testid="inspector-close">
          ×
        </button>
      </div>
      <dl className="kv">
        <dt>Platform</dt>
        <dd>{node.platform}</dd>
        <dt>Execution</dt>
        <dd>
          <code>{node.executionId}</code>
        </dd>
        <dt>Hash</dt>
        <dd>
          <code data-testid="inspector-hash">{node.hash}</code>
        </dd>
        <dt>Started</dt>
        <dd>{formatTime(node.startedAt)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(durationBetween(node.startedAt, node.completedAt))}</dd>
        {node.cachedFrom !== undefined && (
          <>
            <dt>Cached from</dt>
            <dd>
              <code>{node.cachedFrom}</code>
            </dd>
          </>
        )}
      </dl>
      <a className="button small" href={href('/lineage', { component: node.hash, depth: 3 })} data-testid="inspector-lineage">
        Lineage of this node
      </a>
      {node.error !== undefined && (
        <section>
          <h4>Error</h4>
          <pre className="error-block" data-testid="inspector-error">
            {node.error.code}: {node.error.message}
            {node.error.hint !== undefined ? `\nhint: ${node.error.hint}` : ''}
            {node.error.stack !== undefined ? `\n\n${node.error.stack}` : ''}
          </pre>
        </section>
      )}
      {node.attempts.length > 0 && (
        <section>
          <h4>Attempts</h4>
          <table className="table compact" data-testid="inspector-attempts">
            <tbody>
              {node.attempts.map((a) => (
                <tr key={a.attempt}>
                  <td>#{a.attempt}</td>
                  <td>
                    <StatusBadge status={a.status} />
                  </td>
                  <td>{formatDuration(durationBetween(a.startedAt, a.completedAt))}</td>
                  <td className="muted">{a.error?.message ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section>
        <h4>Inputs</h4>
        <pre className="json" data-testid="inspector-inputs">{prettyJson(node.inputs)}</pre>
      </section>
      <section>
        <h4>Outputs</h4>
        <pre className="json" data-testid="inspector-outputs">{prettyJson(node.outputs)}</pre>
      </section>
    </aside>
  );
}
