import { LANGUAGES, type Language } from '@twingraph/model';
import type { PaletteKind } from '../model/node-factory.js';

/** Drag payload type of palette items (HTML5 drag and drop onto the canvas). */
export const PALETTE_MIME = 'application/x-twingraph-palette';

export type PaletteDrag = PaletteKind | { kind: 'template'; template: string };

export interface PaletteEntry {
  readonly key: string;
  readonly label: string;
  readonly hint: string;
  readonly item: PaletteDrag;
}

const LANGUAGE_LABELS: Record<Language, string> = { python: 'Python', javascript: 'JavaScript', typescript: 'TypeScript', bash: 'Bash', cpp: 'C++', rust: 'Rust' };

export const PALETTE_GROUPS: ReadonlyArray<{ title: string; entries: PaletteEntry[] }> = [
  {
    title: 'Code (local)',
    entries: LANGUAGES.map((language) => ({ key: `local-${language}`, label: LANGUAGE_LABELS[language], hint: `${LANGUAGE_LABELS[language]} code run as a local process`, item: { kind: 'component', language, platform: 'local' } })),
  },
  {
    title: 'Platforms',
    entries: (['docker', 'kubernetes', 'lambda', 'batch'] as const).map((platform) => ({
      key: `${platform}-python`,
      label: { docker: 'Docker', kubernetes: 'Kubernetes', lambda: 'AWS Lambda', batch: 'AWS Batch' }[platform],
      hint: `Python code run on ${platform}`,
      item: { kind: 'component', language: 'python', platform },
    })),
  },
  {
    title: 'Control flow',
    entries: [
      { key: 'condition', label: 'Condition', hint: 'Choose a branch with an expression over the inputs', item: { kind: 'condition' } },
      { key: 'map', label: 'Map (for each)', hint: 'Run a component once per item of a list', item: { kind: 'map' } },
      { key: 'loop', label: 'Loop (while)', hint: 'Repeat a component while an expression holds', item: { kind: 'loop' } },
      { key: 'subworkflow', label: 'Sub-workflow', hint: 'A workflow inside this workflow', item: { kind: 'subworkflow' } },
    ],
  },
];

export function parsePaletteDrag(raw: string): PaletteDrag | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as PaletteDrag;
    return typeof value === 'object' && value !== null && typeof value.kind === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
