import { ERROR_HANDLERS } from '@twingraph/model';
import { Field, NumberInput, SelectInput, TextInput } from '../../shared-ui/fields.js';
import type { DocumentChange } from '../model/document-changes.js';
import { useDesigner } from '../model/designer-store.js';
import { ProblemsList } from './ProblemsList.js';

/** Shown when no node is selected: the workflow's metadata and run settings, and every problem. */
export function WorkflowSettings() {
  const metadata = useDesigner((s) => s.doc.metadata);
  const spec = useDesigner((s) => s.doc.spec);
  const count = useDesigner((s) => s.doc.nodes.length);
  const apply = (change: DocumentChange) => useDesigner.getState().apply(change);
  return (
    <aside className="properties" data-testid="workflow-settings">
      <div className="properties-header">
        <span className="badge">workflow</span>
        <strong>{metadata.name}</strong>
        <span className="toolbar-meta">{count} nodes</span>
      </div>
      <ProblemsList />
      <section className="prop-section">
        <div className="prop-section-body">
          <Field label="Description">
            <TextInput value={metadata.description} onChange={(description) => apply({ type: 'update-metadata', patch: { description } })} testId="wf-description" />
          </Field>
          <Field label="Tags" hint="Comma separated">
            <TextInput
              value={metadata.tags?.join(', ')}
              onChange={(v) => apply({ type: 'update-metadata', patch: { tags: v === undefined ? undefined : v.split(',').map((t) => t.trim()).filter(Boolean) } })}
              testId="wf-tags"
            />
          </Field>
          <div className="field-grid">
            <Field label="Max parallel">
              <NumberInput value={spec?.maxParallel} onChange={(maxParallel) => apply({ type: 'update-spec', patch: { maxParallel } })} testId="wf-max-parallel" placeholder="16" />
            </Field>
            <Field label="Run timeout (ms)">
              <NumberInput value={spec?.timeoutMs} onChange={(timeoutMs) => apply({ type: 'update-spec', patch: { timeoutMs } })} testId="wf-timeout" placeholder="none" />
            </Field>
            <Field label="On error">
              <SelectInput value={spec?.errorHandler} options={ERROR_HANDLERS} onChange={(errorHandler) => apply({ type: 'update-spec', patch: { errorHandler } })} testId="wf-error-handler" allowEmpty="fail (default)" />
            </Field>
            <Field label="Schedule (cron)">
              <TextInput value={spec?.schedule} onChange={(schedule) => apply({ type: 'update-spec', patch: { schedule } })} testId="wf-schedule" placeholder="none" />
            </Field>
          </div>
        </div>
      </section>
      <p className="palette-help">Select a node to edit it. Double-click a node after a run to see its inputs, outputs and logs.</p>
    </aside>
  );
}
