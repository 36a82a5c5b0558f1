import { useEffect, useState } from 'react';
import { useDesigner } from '../model/designer-store.js';

const ID_PATTERN = /^[A-Za-z_][\w.-]*$/;

/** Node id: renamed on Enter or blur (edges and map/loop bodies follow), refused when taken or malformed. */
export function NodeIdField({ id }: { id: string }) {
  const [text, setText] = useState(id);
  useEffect(() => {
    setText(id);
  }, [id]);
  const taken = text !== id && useDesigner.getState().doc.nodes.some((n) => n.id === text);
  const error = text === '' ? 'An id is required' : !ID_PATTERN.test(text) ? 'Letters, digits, _ . - and starting with a letter or _' : taken ? `'${text}' is already used by another node` : undefined;
  const commit = () => {
    if (text === id) return;
    if (error !== undefined) {
      setText(id);
      return;
    }
    const s = useDesigner.getState();
    s.apply({ type: 'rename-node', id, newId: text });
    s.select([text]);
  };
  return (
    <>
      <input
        className={error ? 'input invalid' : 'input'}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setText(id);
        }}
        data-testid="prop-id"
      />
      {error !== undefined && <span className="field-error">{error}</span>}
    </>
  );
}
