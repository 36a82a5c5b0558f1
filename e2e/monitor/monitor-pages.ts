import type { Locator } from 'playwright-core';
import { attributesOf, BasePage, eventually } from '../support/index.js';

/** `#/executions`. */
export class ExecutionsListPage extends BasePage {
  async openList(query = ''): Promise<void> {
    await this.open(`/executions${query}`);
    await this.visible('executions-page');
  }

  row(executionId: string): Locator {
    return this.page.locator(`[data-testid="execution-row"][data-id="${executionId}"]`);
  }

  async rowIds(): Promise<string[]> {
    return (await attributesOf(this.page.locator('[data-testid="execution-row"]'), ['data-id'])).map((r) => r['data-id']);
  }

  async waitForRow(executionId: string, status?: string): Promise<void> {
    const selector = `[data-testid="execution-row"][data-id="${executionId}"]${status === undefined ? '' : `[data-status="${status}"]`}`;
    await this.page.locator(selector).waitFor();
  }

  async filterStatus(status: string): Promise<void> {
    await this.testId('filter-status').selectOption(status);
  }

  async compare(a: string, b: string): Promise<void> {
    await this.row(a).getByTestId('execution-pick').check();
    await this.row(b).getByTestId('execution-pick').check();
    await this.testId('compare-selected').click();
    await this.visible('run-diff-page');
  }
}

/** `#/executions/:id`. */
export class ExecutionDetailPage extends BasePage {
  async openExecution(executionId: string): Promise<void> {
    await this.open(`/executions/${executionId}`);
    await this.visible('execution-page');
    await this.page.locator('[data-testid="execution-page"][data-status]').waitFor();
  }

  status(): Promise<string | null> {
    return this.testId('execution-status').getAttribute('data-status');
  }

  async waitForStatus(status: string, timeoutMs = 30_000): Promise<void> {
    await this.page.locator(`[data-testid="execution-status"][data-status="${status}"]`).waitFor({ timeout: timeoutMs });
  }

  dagNode(name: string): Locator {
    return this.page.locator(`[data-testid="dag-node"][data-name="${name}"]`);
  }

  async dagStatuses(): Promise<Record<string, string>> {
    const nodes = await attributesOf(this.page.locator('[data-testid="dag-node"]'), ['data-name', 'data-status']);
    return Object.fromEntries(nodes.map((n) => [n['data-name'], n['data-status']]));
  }

  async logLines(): Promise<string[]> {
    return this.page.locator('[data-testid="log-line"] .log-text').allTextContents();
  }

  wsState(): Promise<string | null> {
    return this.testId('ws-state').getAttribute('data-state');
  }

  async waitForWsState(state: string, timeoutMs = 20_000): Promise<void> {
    await this.page.locator(`[data-testid="ws-state"][data-state="${state}"]`).waitFor({ timeout: timeoutMs });
  }

  async ganttBars(): Promise<Array<{ name: string; lane: number; status: string }>> {
    const bars = await attributesOf(this.page.locator('[data-testid="gantt-bar"]'), ['data-name', 'data-lane', 'data-status']);
    return bars.map((b) => ({ name: b['data-name'], lane: Number(b['data-lane']), status: b['data-status'] }));
  }

  async stop(): Promise<void> {
    await this.testId('stop-execution').click();
  }

  async selectNode(name: string): Promise<void> {
    await this.dagNode(name).click();
    await this.page.locator(`[data-testid="node-inspector"][data-name="${name}"]`).waitFor();
  }
}

/** `#/executions/diff/:a/:b`. */
export class RunDiffPageObject extends BasePage {
  async openDiff(a: string, b: string): Promise<void> {
    await this.open(`/executions/diff/${a}/${b}`);
    await this.visible('diff-table');
  }

  async firstDifference(): Promise<{ node: string | null; differences: string | null }> {
    const row = this.testId('first-difference');
    await row.waitFor();
    return { node: await row.getAttribute('data-node'), differences: await row.getAttribute('data-differences') };
  }

  async rows(): Promise<Array<{ node: string; differences: string }>> {
    const rows = await attributesOf(this.page.locator('[data-testid="diff-table"] tbody tr[data-node]'), ['data-node', 'data-differences']);
    return rows.map((r) => ({ node: r['data-node'], differences: r['data-differences'] }));
  }
}

/** `#/lineage`. */
export class LineageExplorerPage extends BasePage {
  async openLineage(query: string): Promise<void> {
    await this.open(`/lineage${query}`);
    await this.visible('lineage-page');
  }

  async waitForNodeCount(count: number, timeoutMs = 30_000): Promise<void> {
    await this.page.locator(`[data-testid="lineage-canvas"][data-node-count="${count}"]`).waitFor({ timeout: timeoutMs });
    await this.waitForRendered(timeoutMs);
  }

  async waitForRendered(timeoutMs = 30_000): Promise<number> {
    return eventually('the lineage graph to be drawn', async () => {
      const ms = await this.testId('lineage-render-ms').getAttribute('data-ms');
      return ms === null || ms === '' ? undefined : Number(ms);
    }, timeoutMs);
  }

  async search(text: string): Promise<void> {
    await this.testId('lineage-search').fill(text);
  }

  async matchCount(): Promise<number> {
    return Number(await this.testId('lineage-matches').getAttribute('data-count'));
  }

  async inspect(name: string): Promise<void> {
    await this.search(name);
    await this.page.locator(`[data-testid="lineage-match"][data-name="${name}"]`).first().click();
    await this.page.locator(`[data-testid="lineage-inspector"][data-name="${name}"]`).waitFor();
  }

  figure(name: 'components' | 'edges'): Promise<string | null> {
    return this.testId(`figure-${name}`).textContent();
  }
}

/** `#/`. */
export class DashboardPageObject extends BasePage {
  async openDashboard(): Promise<void> {
    await this.open('/');
    await this.visible('dashboard-page');
  }

  async recentExecutionIds(): Promise<string[]> {
    return (await attributesOf(this.page.locator('[data-testid="recent-execution"]'), ['data-id'])).map((r) => r['data-id']);
  }
}
