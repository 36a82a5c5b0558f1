import { prepareContainerLaunch, sdkFunctionModule, type ContainerFile, type ExecutionRequest, type SdkFunctionModuleOptions } from '@twingraph/core';
import { invalidAwsOption, type AwsPlatform } from './aws-errors.js';

/** Work dir of the runtime inside Lambda and Batch containers (Lambda may write only under /tmp). */
export const REMOTE_WORK_DIR = '/tmp/twingraph/work';

/** On AWS an SDK function's context also carries `env`, a copy of the remote process environment. */
const SDK_MODULE_OPTIONS: Record<'lambda' | 'batch', SdkFunctionModuleOptions> = {
  lambda: { generatedBy: 'AWS executors', platform: 'Lambda', destination: 'Lambda function', contextEnv: true },
  batch: { generatedBy: 'AWS executors', platform: 'Batch', destination: 'Batch job', contextEnv: true },
};

/**
 * What the TwinGraph AWS runtime (runtime-image/twingraph-aws-runtime.mjs) runs: the same work dir
 * files, command and environment as a Docker container gets, plus where large outputs go.
 */
export interface LaunchPayload {
  twingraph: 1;
  component: string;
  runId: string;
  executionId: string;
  attempt: number;
  workDir: string;
  files: ContainerFile[];
  command: string[];
  env: Record<string, string>;
  jsonStdout: boolean;
  /** Outputs larger than this many bytes are PUT to `outputsUrl` instead of returned/logged. */
  inlineOutputsLimit?: number;
  /** Presigned S3 PUT URL for large outputs. */
  outputsUrl?: string;
  /** Presigned S3 GET URL of this attempt's cancel marker: once it exists the runtime kills the component (Lambda). */
  cancelUrl?: string;
  /** @defaultValue 2000 */
  cancelPollMs?: number;
  /** Batch array job: each child adds its index to the inputs (`array_index`). */
  array?: boolean;
}

/** Turns one request (SDK function or code component) into the runtime's launch payload. */
export async function buildLaunchPayload(request: ExecutionRequest, platform: AwsPlatform, extraEnv: Record<string, string> = {}): Promise<LaunchPayload> {
  const { component } = request;
  const isFunction = component.fn !== undefined;
  if (!isFunction && component.code === undefined) {
    throw invalidAwsOption(platform, component.name, 'code', 'is missing: the TwinGraph runtime runs SDK functions and code components', platform === 'batch'
      ? 'Give it a function (SDK) or code, or an image with a command (Batch runs plain containers too).'
      : 'Give it a function (SDK) or code in a supported language; to run your own image, deploy it as a function that speaks the TwinGraph payload protocol (docs/platforms.md).');
  }
  const launchRequest = isFunction ? { ...request, component: { ...component, language: 'javascript' as const, code: sdkFunctionModule(request, SDK_MODULE_OPTIONS[platform === 'batch' ? 'batch' : 'lambda']) } } : request;
  // Inputs travel in inputs.json (a file of the payload); TWINGRAPH_INPUTS would double the payload.
  const launch = await prepareContainerLaunch(launchRequest, { workDir: REMOTE_WORK_DIR, inlineInputsLimit: 0, preparedModule: isFunction });
  return {
    twingraph: 1,
    component: component.name,
    runId: request.runId,
    executionId: request.executionId,
    attempt: request.attempt,
    workDir: launch.workDir,
    files: launch.files,
    command: launch.command,
    env: { ...extraEnv, ...launch.env },
    jsonStdout: launch.jsonStdout,
  };
}
