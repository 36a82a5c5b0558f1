import { useDesigner } from '../model/designer-store.js';

const NODE_PATH = /^\$\.nodes\[(\d+)\]/;

/** Every validation problem of the document; a click selects the node it is about. */
export function ProblemsList() {
  const problems = useDesigner((s) => s.problems.all);
  const doc = useDesigner((s) => s.doc);
  if (problems.length === 0) {
    return (
      <div className="problems-ok" data-testid="problems-none">
        ✓ Valid workflow
      </div>
    );
  }
  return (
    <div className="problems" data-testid="problems">
      <div className="problems-title">
        {problems.length} problem{problems.length === 1 ? '' : 's'} — saving and running are blocked until fixed
      </div>
      <ul className="problem-list">
        {problems.map((p, i) => {
          const m = NODE_PATH.exec(p.path);
          const node = m ? doc.nodes[Number(m[1])] : undefined;
          return (
            <li key={i} data-testid="problem">
              <button type="button" className="link-button" disabled={!node} onClick={() => node && useDesigner.getState().select([node.id])}>
                {node ? node.id : p.path}
              </button>{' '}
              <strong>{p.code}</strong> {p.message}
              {p.hint ? <div className="problem-hint">{p.hint}</div> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
