/**
 * Monaco, bundled by Vite: the editor core, its features, and the tokenizers of the six component
 * languages. Workers are Vite `?worker` chunks served by our own server — nothing comes from a CDN.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/editor/editor.main';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    if (label === 'typescript' || label === 'javascript') return new TsWorker();
    if (label === 'json') return new JsonWorker();
    return new EditorWorker();
  },
};

/** Document language → Monaco language id. */
export const MONACO_LANGUAGE: Record<string, string> = {
  python: 'python',
  javascript: 'javascript',
  typescript: 'typescript',
  bash: 'shell',
  cpp: 'cpp',
  rust: 'rust',
  json: 'json',
};

export { monaco };
