import { memo, useEffect, useRef } from 'react';
import { monaco, MONACO_LANGUAGE } from './monaco-setup.js';

export interface CodeEditorProps {
  value: string;
  /** Document language (`python`, `bash`, …) or `json`. */
  language: string;
  /** Called on every edit with the whole text. Absent makes the editor read-only. */
  onChange?: ((value: string) => void) | undefined;
  height?: number | string;
  testId?: string;
}

/**
 * Monaco editor with syntax highlighting. The editor instance lives as long as the component; outside
 * changes to `value` (undo, another node selected) replace the text without losing the editor.
 */
function CodeEditorImpl({ value, language, onChange, height = 260, testId = 'code-editor' }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const applying = useRef(false);

  useEffect(() => {
    if (!host.current) return undefined;
    const e = monaco.editor.create(host.current, {
      value,
      language: MONACO_LANGUAGE[language] ?? 'plaintext',
      readOnly: onChange === undefined,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 12,
      lineNumbersMinChars: 3,
      scrollBeyondLastLine: false,
      tabSize: language === 'python' || language === 'rust' ? 4 : 2,
      renderLineHighlight: 'line',
      fixedOverflowWidgets: true,
    });
    editor.current = e;
    const sub = e.onDidChangeModelContent(() => {
      if (!applying.current) onChangeRef.current?.(e.getValue());
    });
    return () => {
      sub.dispose();
      // The editor first, then its model: disposing an attached model re-enters the editor.
      const model = e.getModel();
      e.dispose();
      model?.dispose();
      editor.current = null;
    };
    // Created once; value, language and read-only follow in the effects below.
  }, []);

  useEffect(() => {
    const e = editor.current;
    if (e && e.getValue() !== value) {
      applying.current = true;
      e.executeEdits('outside', [{ range: e.getModel()!.getFullModelRange(), text: value }]);
      e.pushUndoStop();
      applying.current = false;
    }
  }, [value]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (model) monaco.editor.setModelLanguage(model, MONACO_LANGUAGE[language] ?? 'plaintext');
  }, [language]);

  useEffect(() => {
    editor.current?.updateOptions({ readOnly: onChange === undefined });
  }, [onChange === undefined]);

  return <div className="code-editor" ref={host} style={{ height }} data-testid={testId} data-language={language} />;
}

export const CodeEditor = memo(CodeEditorImpl);
