import { api } from '../../app/api.js';
import { toastError } from '../../app/toast-store.js';
import { saveWorkflow } from '../designer-actions.js';
import { useDesigner } from '../model/designer-store.js';
import { followRun, stopFollowing } from './live-run.js';
import { useRun } from './run-store.js';

/**
 * Starts a real execution of the document as shown: unsaved edits are saved first (a new version),
 * then `POST /api/executions` runs that version and the canvas follows it live.
 */
export async function startRun(inputs: Record<string, unknown>): Promise<string | undefined> {
  let { workflowId, version } = useDesigner.getState();
  if (workflowId === undefined || version === undefined || useDesigner.getState().dirty) {
    const saved = await saveWorkflow();
    if (!saved) return undefined;
    ({ id: workflowId, version } = saved);
  }
  try {
    const { executionId } = await api.executions.start({ workflowId, version, ...(Object.keys(inputs).length === 0 ? {} : { inputs }) }, { idempotencyKey: crypto.randomUUID() });
    followRun(executionId);
    return executionId;
  } catch (error) {
    toastError('Run could not start', error);
    return undefined;
  }
}

export async function stopRun(): Promise<void> {
  const id = useRun.getState().executionId;
  if (id === undefined) return;
  try {
    await api.executions.stop(id);
  } catch (error) {
    toastError('Stop failed', error);
  }
}

/** Back to editing: the run view's colours go away (the run itself is in Executions). */
export function closeRunView(): void {
  stopFollowing();
  useRun.getState().clear();
}
