import { expect, it } from 'vitest';
import { describeE2E, eventually, useBrowserApp } from '../support/index.js';
import { DesignerPage } from './designer-page.js';

describeE2E('designer: platform options as fields in the properties panel', () => {
  const { server, session } = useBrowserApp();

  it('sets a Lambda memory size in its field (schema errors shown on it), saves, and finds it after a reload', async () => {
    const designer = new DesignerPage(session.page, server.url);
    await designer.openDesigner();
    await designer.dropFromPalette('lambda-python', { x: 220, y: 160 });
    const id = await designer.testId('prop-id').inputValue();

    // Out of the schema's range: the message is on the field (and the node).
    await designer.fill('prop-po-memory_size', '64');
    await designer.textMatching(designer.testId('prop-po-memory_size-error'), /128/);
    await designer.fill('prop-po-memory_size', '2048');
    await designer.testId('prop-po-memory_size-error').waitFor({ state: 'detached' });
    await designer.testId('prop-po-architecture').selectOption('arm64');
    // The advanced editor shows the same options as JSON.
    await designer.testId('platform-options-advanced').click();
    await eventually('the raw JSON of the options', async () => {
      const text = await designer.testId('prop-platform-options').inputValue();
      return text !== '' && JSON.stringify(JSON.parse(text)) === JSON.stringify({ memory_size: 2048, architecture: 'arm64' }) ? true : undefined;
    });
    await designer.screenshot('designer-platform-options');

    await designer.save();
    const workflowId = await designer.savedWorkflowId();
    const saved = (await (await fetch(`${server.url}/api/workflows/${workflowId}`)).json()) as { document: { nodes: Array<{ id: string; platformOptions?: unknown }> } };
    expect(saved.document.nodes.find((n) => n.id === id)!.platformOptions).toEqual({ memory_size: 2048, architecture: 'arm64' });

    await session.page.reload();
    await designer.visible('designer-canvas');
    await designer.node(id).waitFor();
    await designer.selectNode(id);
    expect(await designer.testId('prop-po-memory_size').inputValue()).toBe('2048');
    expect(await designer.testId('prop-po-architecture').inputValue()).toBe('arm64');
  });
});
