import {
  CreateFunctionCommand,
  GetFunctionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { awsErrorName } from './aws-errors.js';
import { sleep } from './backoff.js';
import type { LambdaArchitecture } from './lambda-options.js';

/** The function a component runs on, as TwinGraph deploys it. */
export interface LambdaFunctionConfig {
  functionName: string;
  imageUri: string;
  roleArn: string;
  memorySize: number;
  timeoutSeconds: number;
  architecture: LambdaArchitecture;
  environment: Record<string, string>;
}

/**
 * Creates container-image functions once and updates them when their image or settings change.
 * One deployment per function name at a time per process: concurrent executions of the same
 * component wait for the same create/update instead of racing it.
 */
export class LambdaFunctionDeployer {
  private readonly deployed = new Map<string, { key: string; done: Promise<void> }>();

  constructor(
    private readonly client: LambdaClient,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  ensure(config: LambdaFunctionConfig, log?: (line: string) => void): Promise<void> {
    const key = JSON.stringify(config);
    const current = this.deployed.get(config.functionName);
    if (current !== undefined && current.key === key) return current.done;
    const previous = current?.done.catch(() => undefined) ?? Promise.resolve();
    const done = previous.then(() => this.deploy(config, log ?? this.log));
    done.catch(() => {
      if (this.deployed.get(config.functionName)?.done === done) this.deployed.delete(config.functionName);
    });
    this.deployed.set(config.functionName, { key, done });
    return done;
  }

  private async deploy(config: LambdaFunctionConfig, log: (line: string) => void): Promise<void> {
    let existing: { configuration: FunctionConfiguration; imageUri: string | undefined } | undefined;
    try {
      const answer = await this.client.send(new GetFunctionCommand({ FunctionName: config.functionName }));
      existing = { configuration: answer.Configuration ?? {}, imageUri: answer.Code?.ImageUri };
    } catch (error) {
      if (awsErrorName(error) !== 'ResourceNotFoundException') throw error;
    }
    if (existing === undefined) {
      log(`creating Lambda function ${config.functionName} from ${config.imageUri}`);
      await this.client.send(
        new CreateFunctionCommand({
          FunctionName: config.functionName,
          PackageType: 'Image',
          Code: { ImageUri: config.imageUri },
          Role: config.roleArn,
          MemorySize: config.memorySize,
          Timeout: config.timeoutSeconds,
          Architectures: [config.architecture],
          Environment: { Variables: config.environment },
          Description: 'TwinGraph component runtime (managed by TwinGraph)',
          Tags: { 'twingraph:managed': 'true' },
        }),
      );
      await this.waitReady(config.functionName);
      return;
    }
    await this.waitReady(config.functionName);
    const current = existing.configuration;
    if (existing.imageUri !== config.imageUri || (current.Architectures?.[0] ?? 'x86_64') !== config.architecture) {
      log(`updating Lambda function ${config.functionName}: image ${existing.imageUri ?? '(none)'} → ${config.imageUri}`);
      await this.client.send(new UpdateFunctionCodeCommand({ FunctionName: config.functionName, ImageUri: config.imageUri, Architectures: [config.architecture] }));
      await this.waitReady(config.functionName);
    }
    const env = current.Environment?.Variables ?? {};
    const sameEnv = JSON.stringify(sorted(env)) === JSON.stringify(sorted(config.environment));
    if (current.MemorySize !== config.memorySize || current.Timeout !== config.timeoutSeconds || current.Role !== config.roleArn || !sameEnv) {
      log(`updating Lambda function ${config.functionName}: memory ${config.memorySize} MB, timeout ${config.timeoutSeconds} s`);
      await this.client.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: config.functionName,
          MemorySize: config.memorySize,
          Timeout: config.timeoutSeconds,
          Role: config.roleArn,
          Environment: { Variables: config.environment },
        }),
      );
      await this.waitReady(config.functionName);
    }
  }

  /** Waits until the function is Active and no update is in progress (invocations fail before). */
  private async waitReady(functionName: string): Promise<void> {
    for (let i = 0; ; i++) {
      const answer = await this.client.send(new GetFunctionCommand({ FunctionName: functionName }));
      const state = answer.Configuration?.State;
      const update = answer.Configuration?.LastUpdateStatus;
      if (state === 'Failed' || update === 'Failed') {
        throw new Error(`Lambda function ${functionName} failed to deploy: ${answer.Configuration?.StateReason ?? answer.Configuration?.LastUpdateStatusReason ?? 'no reason given'}`);
      }
      if ((state === undefined || state === 'Active') && update !== 'InProgress') return;
      if (i > 300) throw new Error(`Lambda function ${functionName} is still ${state ?? 'updating'} after 5 minutes`);
      await sleep(Math.min(1000, 100 * 2 ** i));
    }
  }
}

function sorted(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}
