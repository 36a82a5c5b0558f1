import { ERROR_CODES, TwinGraphError, type ComponentNode } from '@twingraph/model';
import type { ExecutionOutcome, ExecutionRequest, Executor } from '../ports/executor.js';
import { checkOutputPorts } from './output-port-check.js';

/**
 * The executor a component node runs on: its platform's executor, wrapped to check the declared
 * output ports after each attempt. A docker node with code runs on the local executor (through the
 * language runtime) when no Docker executor is configured, and says so in its log.
 */
export class NodeExecutor implements Executor {
  readonly platform: Executor['platform'];

  constructor(
    private readonly nodeId: string,
    private readonly node: ComponentNode,
    private readonly inner: Executor,
    readonly ranLocally: boolean,
  ) {
    this.platform = inner.platform;
  }

  /** Picks the executor for a node; throws ERR_EXECUTOR_NOT_CONFIGURED (before the run starts) when there is none. */
  static forNode(nodeId: string, node: ComponentNode, executorOf: (platform: ComponentNode['platform']) => Executor | undefined): NodeExecutor {
    const own = executorOf(node.platform);
    if (own !== undefined) return new NodeExecutor(nodeId, node, own, false);
    const local = executorOf('local');
    if (node.platform === 'docker' && node.code !== undefined && local !== undefined) return new NodeExecutor(nodeId, node, local, true);
    throw new TwinGraphError(ERROR_CODES.EXECUTOR_NOT_CONFIGURED, `Node '${nodeId}' runs on platform '${node.platform}', but no ${node.platform} executor is configured`, {
      hint: `Install and configure the ${node.platform} executor, or set platform: 'local' on the node.`,
      details: { platform: node.platform, node: nodeId },
      nonRetryable: true,
    });
  }

  async execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    if (this.ranLocally) {
      request.log('system', `No docker executor is configured: running node '${this.nodeId}' with the local ${this.node.language ?? ''} runtime instead (recorded as platform docker, ranLocally: true)`);
    }
    const outcome = await this.inner.execute(request);
    if (outcome.outputs !== null && typeof outcome.outputs === 'object' && !Array.isArray(outcome.outputs)) {
      checkOutputPorts(this.nodeId, outcome.outputs, this.node.outputs);
    }
    return outcome;
  }
}
