import { memo, useState, type DragEvent } from 'react';
import { WORKFLOW_TEMPLATES } from '../templates/workflow-templates.js';
import { PALETTE_GROUPS, PALETTE_MIME, type PaletteDrag } from './palette-items.js';

function startDrag(e: DragEvent, item: PaletteDrag): void {
  e.dataTransfer.setData(PALETTE_MIME, JSON.stringify(item));
  e.dataTransfer.effectAllowed = 'copy';
}

/** Node and template palette: drag an entry onto the canvas. */
function PaletteImpl({ onOpenTemplate }: { onOpenTemplate: (id: string) => void }) {
  const [filter, setFilter] = useState('');
  const f = filter.trim().toLowerCase();
  const match = (label: string, hint: string) => f === '' || label.toLowerCase().includes(f) || hint.toLowerCase().includes(f);
  return (
    <aside className="palette" data-testid="palette">
      <input className="input" placeholder="Search nodes…" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="palette-search" />
      {PALETTE_GROUPS.map((g) => {
        const entries = g.entries.filter((e) => match(e.label, e.hint));
        if (entries.length === 0) return null;
        return (
          <section key={g.title} className="palette-group">
            <h3>{g.title}</h3>
            {entries.map((e) => (
              <div key={e.key} className="palette-item" draggable onDragStart={(ev) => startDrag(ev, e.item)} title={e.hint} data-testid={`palette-${e.key}`}>
                <span className={`palette-dot dot-${e.item.kind}`} aria-hidden />
                {e.label}
              </div>
            ))}
          </section>
        );
      })}
      <section className="palette-group">
        <h3>Templates</h3>
        {WORKFLOW_TEMPLATES.filter((t) => match(t.label, t.description)).map((t) => (
          <div key={t.id} className="palette-item template" draggable onDragStart={(ev) => startDrag(ev, { kind: 'template', template: t.id })} title={`${t.description}\nDrag onto the canvas, or open as a new workflow.`} data-testid={`palette-template-${t.id}`}>
            <span className="palette-dot dot-template" aria-hidden />
            <span className="palette-label">{t.label}</span>
            <button type="button" className="link-button" onClick={() => onOpenTemplate(t.id)} data-testid={`open-template-${t.id}`}>
              open
            </button>
          </div>
        ))}
      </section>
      <p className="palette-help">Drag onto the canvas. Connect an output (right) to an input (left) of the same type. Del deletes, Ctrl+Z / Ctrl+Shift+Z undo and redo, Ctrl+C / Ctrl+V copy and paste.</p>
    </aside>
  );
}

export const Palette = memo(PaletteImpl);
