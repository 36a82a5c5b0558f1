import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeE2E, eventually, REPO_ROOT, useBrowserApp } from '../support/index.js';
import { DesignerPage } from './designer-page.js';

const demoText = readFileSync(join(REPO_ROOT, 'examples/demo-11-designer-workflow/workflow.json'), 'utf8');

describeE2E('designer: import, edit code in Monaco, save, reload; invalid documents', () => {
  const { server, session } = useBrowserApp();

  it('imports a document, edits a node in Monaco, saves a new version and sees the edit after a reload', async () => {
    const designer = new DesignerPage(session.page, server.url);
    await designer.openDesigner();
    await designer.importText(demoText);
    await designer.node('user_query').waitFor();
    // The generated TypeScript pipeline (export-ts) in its read-only tab.
    await designer.testId('tab-typescript').click();
    await eventually('the generated pipeline', async () => ((await designer.codeText('source-typescript-editor')).includes('codeComponent') ? true : undefined));
    await designer.testId('tab-canvas').click();
    await designer.node('user_query').waitFor();
    await designer.save();
    const workflowId = await designer.savedWorkflowId();
    await designer.textMatching(designer.testId('save-state'), /^v1$/);

    await designer.selectNode('user_query');
    const code = 'def process(inputs):\n    # edited in the designer\n    query = " ".join(str(inputs["query"]).split())\n    return {"query": query.upper()}\n';
    await designer.setCode(code);
    await designer.textMatching(designer.testId('save-state'), /unsaved changes/);
    await designer.save();
    await designer.textMatching(designer.testId('save-state'), /^v2$/);

    const versions = (await (await fetch(`${server.url}/api/workflows/${workflowId}/versions`)).json()) as { items: Array<{ version: number; document: { nodes: Array<{ id: string; code: string }> } }> };
    expect(versions.items.map((v) => v.version)).toEqual([2, 1]);
    expect(versions.items[0]!.document.nodes.find((n) => n.id === 'user_query')!.code).toBe(code);

    await session.page.reload();
    await designer.visible('designer-canvas');
    await designer.node('user_query').waitFor();
    await designer.selectNode('user_query');
    await eventually('the edited code in Monaco after the reload', async () => ((await designer.codeText()).includes('# edited in the designer') ? true : undefined));
    expect(await designer.codeText()).toContain('return {"query": query.upper()}');

    // Version history opens the first version again.
    await designer.testId('versions').click();
    await designer.visible('version-1');
    await designer.testId('open-version-1').click();
    await designer.selectNode('user_query');
    await eventually('version 1 code', async () => ((await designer.codeText()).includes('upper') ? undefined : true));
    await designer.screenshot('designer-versions');
  });

  it('shows the problems of an invalid document on its nodes and blocks saving with the reasons', async () => {
    const designer = new DesignerPage(session.page, server.url);
    // The open version is not the latest, so New asks before discarding it.
    session.page.once('dialog', (dialog) => void dialog.accept());
    await designer.testId('new-workflow').click();
    await designer.textMatching(designer.testId('save-state'), /not saved/);
    const invalid = JSON.parse(demoText) as { metadata: { name: string }; nodes: Array<Record<string, unknown>>; edges: Array<Record<string, unknown>> };
    invalid.metadata.name = 'invalid-demo';
    // No language for code, and an array feeding a string input.
    delete invalid.nodes.find((n) => n['id'] === 'user_query')!['language'];
    invalid.edges.push({ source: 'load_documents', sourceHandle: 'documents', target: 'generate_response', targetHandle: 'query' });
    const before = ((await (await fetch(`${server.url}/api/workflows`)).json()) as { total: number }).total;

    await designer.importText(JSON.stringify(invalid));
    await designer.visible('node-problems-user_query');
    expect(await designer.testId('node-problem-text-user_query').textContent()).toMatch(/has code but no language/);
    expect(await designer.testId('node-problem-text-generate_response').textContent()).toMatch(/\(array\) cannot feed input/);
    await designer.textMatching(designer.testId('problem-count'), /2 problems/);
    await designer.screenshot('designer-invalid');

    await designer.save();
    const toast = await designer.lastToast('error');
    expect(toast).toMatch(/Save blocked: 2 problems/);
    expect(toast).toMatch(/has code but no language/);
    expect(await designer.testId('save-state').textContent()).toMatch(/not saved/);
    await designer.visible('problems');
    expect(await session.page.getByTestId('problem').count()).toBe(2);
    const after = ((await (await fetch(`${server.url}/api/workflows`)).json()) as { total: number }).total;
    expect(after).toBe(before);

    // Fixing the node in the properties panel clears its problem as you edit.
    await designer.selectNode('user_query');
    await designer.testId('prop-language').selectOption('python');
    await eventually('user_query without problems', async () => ((await designer.node('user_query').getAttribute('data-problems')) === '0' ? true : undefined));
  });

  it('drops a template on the canvas and runs it: the untaken branch is skipped', async () => {
    const designer = new DesignerPage(session.page, server.url);
    await designer.openDesigner();
    session.page.once('dialog', (dialog) => void dialog.accept());
    await designer.testId('new-workflow').click();
    await designer.textMatching(designer.testId('save-state'), /not saved$/);
    await designer.dropFromPalette('template-branch', { x: 200, y: 150 });
    await designer.node('check').waitFor();
    await designer.selectNothing();
    await designer.fill('workflow-name', 'branch-from-template');
    await designer.run({ value: '20' });
    await designer.waitForNodes(['check', 'double'], 'succeeded');
    await designer.waitForNodes(['add_ten'], 'skipped');
    await designer.openNodeView('double');
    await designer.textMatching(designer.testId('node-view-outputs'), /40/);
    await designer.testId('node-view-close').click();
    // The exporter does not take condition nodes: the tab says so instead of showing code.
    await designer.testId('tab-typescript').click();
    await designer.textMatching(designer.testId('source-error'), /check \(condition\)/);
  });
});
