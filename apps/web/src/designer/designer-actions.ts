import type { WorkflowDocument } from '@twingraph/model';
import { api } from '../app/api.js';
import { navigate } from '../app/router.js';
import { toastError, toastSuccess } from '../app/toast-store.js';
import { useDesigner } from './model/designer-store.js';
import { describeProblem } from './model/document-problems.js';
import { importDocument } from './model/document-io.js';

/** Opens a saved workflow (latest or one version) in the editor. */
export async function openWorkflow(id: string, version?: number): Promise<boolean> {
  try {
    const wf = await api.workflows.get(id, version);
    const { document } = importDocument(JSON.stringify(wf.document));
    useDesigner.getState().load(document, { workflowId: wf.id, version: wf.version, dirty: version !== undefined && version !== wf.latestVersion });
    return true;
  } catch (error) {
    toastError(`Could not open workflow '${id}'`, error);
    return false;
  }
}

/** Reasons saving is blocked, or undefined when the document is valid. */
export function saveBlockers(): string[] | undefined {
  const { problems } = useDesigner.getState();
  return problems.all.length === 0 ? undefined : problems.all.map(describeProblem);
}

/**
 * Saves the document: a new workflow the first time, a new immutable version after that. Refused,
 * with every reason, while the document has validation problems.
 */
export async function saveWorkflow(): Promise<{ id: string; version: number } | undefined> {
  const s = useDesigner.getState();
  const blockers = saveBlockers();
  if (blockers) {
    toastError(`Save blocked: ${blockers.length} problem${blockers.length === 1 ? '' : 's'} to fix`, blockers.slice(0, 5).join('\n') + (blockers.length > 5 ? `\n… and ${blockers.length - 5} more (see the problems list)` : ''));
    s.select([]);
    return undefined;
  }
  const document: WorkflowDocument = s.doc;
  try {
    const saved = s.workflowId === undefined ? await api.workflows.create({ document }) : await api.workflows.update(s.workflowId, { document });
    // Only mark saved when nothing changed while the request was in flight.
    if (useDesigner.getState().doc === document) useDesigner.getState().markSaved(saved.id, saved.version);
    else useDesigner.setState({ workflowId: saved.id, version: saved.version });
    toastSuccess(`Saved ${saved.name} v${saved.version}`);
    if (s.workflowId === undefined) navigate(`/designer/${encodeURIComponent(saved.id)}`, { replace: true });
    return { id: saved.id, version: saved.version };
  } catch (error) {
    toastError('Save failed', error);
    return undefined;
  }
}
