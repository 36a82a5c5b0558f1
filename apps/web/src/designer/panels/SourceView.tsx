import { useMemo } from 'react';
import { exportTypeScript } from '@twingraph/model';
import { CodeEditor } from '../../shared-ui/CodeEditor.js';
import { useDesigner } from '../model/designer-store.js';
import { exportDocument } from '../model/document-io.js';

/** Read-only views of the document: the generated TypeScript pipeline (as `twingraph export-ts`) or the JSON. */
export function SourceView({ kind }: { kind: 'typescript' | 'json' }) {
  const doc = useDesigner((s) => s.doc);
  const source = useMemo(() => {
    if (kind === 'json') return { text: exportDocument(doc, 'json'), error: undefined };
    try {
      const out = exportTypeScript(doc, `${doc.metadata.name}.workflow.json`);
      return { text: out.source, error: out.warnings.join('\n') || undefined };
    } catch (error) {
      return { text: '', error: error instanceof Error ? error.message : String(error) };
    }
  }, [doc, kind]);
  return (
    <div className="source-view" data-testid={`source-${kind}`}>
      {source.error !== undefined && (
        <div className={source.text === '' ? 'problems' : 'toolbar-meta'} data-testid="source-error">
          {source.error}
        </div>
      )}
      {source.text !== '' && <CodeEditor value={source.text} language={kind} height="100%" testId={`source-${kind}-editor`} />}
    </div>
  );
}
