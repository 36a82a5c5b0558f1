import type { Locator } from 'playwright-core';
import { BasePage, eventually } from '../support/index.js';

export interface PortSpec {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'object' | 'array' | 'any';
  /** Input default (JSON value); undefined leaves it empty. */
  default?: unknown;
}

/** `#/designer`: palette, canvas, properties panel, toolbar, run view and node view. */
export class DesignerPage extends BasePage {
  async openDesigner(workflowId?: string): Promise<void> {
    await this.open(workflowId === undefined ? '/designer' : `/designer/${encodeURIComponent(workflowId)}`);
    await this.visible('designer-canvas');
  }

  node(id: string): Locator {
    return this.testId(`node-${id}`);
  }

  /** Drags a palette entry (HTML5 drag and drop) onto the canvas at (x, y) relative to the canvas. */
  async dropFromPalette(entry: string, at: { x: number; y: number }): Promise<void> {
    const canvas = this.testId('designer-canvas');
    await this.testId(`palette-${entry}`).dragTo(canvas, { targetPosition: at });
  }

  /** Renames the selected node (Enter commits). */
  async setId(id: string): Promise<void> {
    const field = this.testId('prop-id');
    await field.fill(id);
    await field.press('Enter');
    await this.node(id).waitFor();
  }

  async fill(testId: string, value: string): Promise<void> {
    await this.testId(testId).fill(value);
  }

  /** Makes the selected node's inputs or outputs exactly `ports` (adds rows as needed, removes extra ones). */
  async setPorts(side: 'inputs' | 'outputs', ports: PortSpec[]): Promise<void> {
    const prefix = side === 'inputs' ? 'input' : 'output';
    const rows = () => this.page.locator(`[data-testid^="${prefix}-name-"]`).count();
    while ((await rows()) > ports.length) await this.testId(`${prefix}-remove-${(await rows()) - 1}`).click();
    for (const [i, port] of ports.entries()) {
      if ((await rows()) <= i) await this.testId(`add-${prefix}`).click();
      await this.testId(`${prefix}-name-${i}`).fill(port.name);
      await this.testId(`${prefix}-type-${i}`).selectOption(port.type);
      if (side === 'inputs') await this.testId(`${prefix}-default-${i}`).fill(port.default === undefined ? '' : JSON.stringify(port.default));
    }
  }

  /**
   * Replaces the text of a Monaco editor the way a user pasting does: focus it, select all, paste.
   * (Typing would let Monaco auto-indent Python.)
   */
  async setCode(text: string, editorTestId = 'prop-code'): Promise<void> {
    const editor = this.testId(editorTestId).locator('.monaco-editor');
    await editor.waitFor();
    await editor.locator('.view-lines').click();
    await this.page.keyboard.press('Control+A');
    // A string expression: the e2e tsconfig has no DOM types.
    await this.page.evaluate(`(() => {
      const target = document.activeElement ?? document.body;
      const data = new DataTransfer();
      data.setData('text/plain', ${JSON.stringify(text)});
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    })()`);
  }

  /** The text Monaco shows (spaces normalised). */
  async codeText(editorTestId = 'prop-code'): Promise<string> {
    const lines = await this.testId(editorTestId).locator('.view-line').allTextContents();
    return lines.join('\n').replace(/\u00a0/g, ' ');
  }

  /** Draws an edge from an output handle to an input handle with the mouse. */
  async connect(source: string, output: string, target: string, input: string): Promise<void> {
    const from = await this.testId(`handle-out-${source}-${output}`).boundingBox();
    const to = await this.testId(`handle-in-${target}-${input}`).boundingBox();
    if (!from || !to) throw new Error(`handles ${source}.${output} → ${target}.${input} not on screen`);
    await this.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    await this.page.mouse.up();
  }

  async edgeCount(): Promise<number> {
    return this.page.locator('.react-flow__edge').count();
  }

  async selectNode(id: string): Promise<void> {
    await this.node(id).locator('.wf-node-header').click();
    await eventually(`node ${id} selected`, async () => (await this.testId('prop-id').inputValue().catch(() => '')) === id);
  }

  /** Clicks on empty canvas: no selection, the workflow settings show. */
  async selectNothing(): Promise<void> {
    await this.page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await this.visible('workflow-settings');
  }

  async save(): Promise<void> {
    await this.testId('save').click();
  }

  /** The workflow id from `#/designer/<id>` once the first save went through. */
  async savedWorkflowId(): Promise<string> {
    return eventually('the designer URL to name the saved workflow', () => {
      const m = /#\/designer\/([^/?]+)/.exec(this.page.url());
      return m ? decodeURIComponent(m[1]!) : undefined;
    });
  }

  async run(inputs: Record<string, string> = {}): Promise<void> {
    await this.testId('run').click();
    await this.visible('run-dialog');
    for (const [name, json] of Object.entries(inputs)) await this.testId(`run-input-${name}`).fill(json);
    await this.testId('run-start').click();
    await this.visible('run-bar');
  }

  async nodeStatus(id: string): Promise<string | undefined> {
    return (await this.node(id).getAttribute('data-status')) ?? undefined;
  }

  /** Waits until every listed node shows `status` on the canvas. */
  async waitForNodes(ids: readonly string[], status: string, timeoutMs = 60_000): Promise<void> {
    await eventually(`nodes ${ids.join(', ')} to be ${status}`, async () => {
      const statuses = await Promise.all(ids.map((id) => this.nodeStatus(id)));
      return statuses.every((s) => s === status) ? true : undefined;
    }, timeoutMs);
  }

  async openNodeView(id: string): Promise<void> {
    await this.node(id).dblclick();
    await this.visible('node-view');
  }

  /** The text of the newest toast of that kind. */
  async lastToast(kind: 'error' | 'info' | 'success'): Promise<string> {
    const toast = this.testId(`toast-${kind}`).last();
    await toast.waitFor();
    return (await toast.textContent()) ?? '';
  }

  async importText(text: string): Promise<void> {
    await this.testId('import').click();
    await this.visible('import-dialog');
    await this.testId('import-text').fill(text);
    await this.testId('import-submit').click();
    await this.testId('import-dialog').waitFor({ state: 'detached' });
  }
}
