import { useState } from 'react';
import type { ComponentNode } from '@twingraph/model';
import { Field, JsonInput, NumberInput, SelectInput, TextInput } from '../../shared-ui/fields.js';
import { keyInUse, linesToList, PLATFORM_OPTION_FIELDS, platformOptionErrors, readOption, writeOption, type OptionField } from './platform-option-fields.js';


function FieldInput({ field, value, onChange, testId }: { field: OptionField; value: unknown; onChange: (v: unknown) => void; testId: string }) {
  switch (field.kind) {
    case 'number':
      return <NumberInput value={typeof value === 'number' ? value : undefined} onChange={onChange} testId={testId} {...(field.placeholder === undefined ? {} : { placeholder: field.placeholder })} />;
    case 'select':
      return <SelectInput value={typeof value === 'string' ? value : undefined} options={field.options ?? []} allowEmpty="(default)" onChange={onChange} testId={testId} />;
    case 'list':
      return (
        <textarea
          className="textarea"
          rows={2}
          defaultValue={Array.isArray(value) ? value.join('\n') : ''}
          placeholder={field.placeholder}
          spellCheck={false}
          onChange={(e) => onChange(linesToList(e.target.value))}
          data-testid={testId}
        />
      );
    case 'json':
      return <JsonInput value={value} onChange={onChange} testId={testId} rows={2} {...(field.placeholder === undefined ? {} : { placeholder: field.placeholder })} />;
    default:
      return <TextInput value={typeof value === 'string' ? value : undefined} onChange={onChange} testId={testId} {...(field.placeholder === undefined ? {} : { placeholder: field.placeholder })} />;
  }
}

/**
 * The platform's options as fields (platform-option-fields.ts), each with the problems the platform's
 * schema finds in it, and the raw JSON of all options under "Advanced" for keys without a field.
 * Remounted per node and platform (key), so list and JSON texts start from that node's values.
 */
export function PlatformOptionsFields({ node, patch }: { node: ComponentNode; patch: (p: Record<string, unknown>) => void }) {
  const options = node.platformOptions;
  const fields = PLATFORM_OPTION_FIELDS[node.platform];
  const errors = platformOptionErrors(node.platform, options);
  const [advanced, setAdvanced] = useState(fields.length === 0 || (errors[''] ?? []).length > 0);
  const set = (field: OptionField, value: unknown) => patch({ platformOptions: writeOption(options, field, value) });
  return (
    <>
      {fields.length > 0 && (
        <div className="field-grid" data-testid="platform-option-fields">
          {fields.map((field) => {
            const id = field.keys[0]!;
            const used = keyInUse(options, field);
            return (
              <Field key={id} label={used === id ? field.label : `${field.label} (${used})`} hint={field.hint}>
                <FieldInput field={field} value={readOption(options, field)} onChange={(v) => set(field, v)} testId={`prop-po-${id}`} />
                {(errors[id] ?? []).map((message) => (
                  <span key={message} className="field-error" data-testid={`prop-po-${id}-error`}>
                    {message}
                  </span>
                ))}
              </Field>
            );
          })}
        </div>
      )}
      {fields.length > 0 && (
        <button type="button" className="prop-section-title" onClick={() => setAdvanced(!advanced)} data-testid="platform-options-advanced">
          <span>{advanced ? '▾' : '▸'}</span> Advanced: all {node.platform} options as JSON
        </button>
      )}
      {advanced && (
        <Field label="Platform options" hint="Options only this platform understands (JSON object)">
          <JsonInput value={node.platformOptions} onChange={(platformOptions) => patch({ platformOptions })} testId="prop-platform-options" rows={2} placeholder='{"namespace": "jobs"}' />
          {(errors[''] ?? []).map((message) => (
            <span key={message} className="field-error" data-testid="prop-platform-options-schema-error">
              {message}
            </span>
          ))}
        </Field>
      )}
    </>
  );
}
