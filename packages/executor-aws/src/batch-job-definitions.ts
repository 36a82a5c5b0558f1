import { createHash } from 'node:crypto';
import { DescribeJobDefinitionsCommand, RegisterJobDefinitionCommand, type BatchClient, type ResourceRequirement } from '@aws-sdk/client-batch';
import type { BatchCompute } from './batch-options.js';

/** What a job definition TwinGraph registers holds: one per component and revision of these. */
export interface JobDefinitionSpec {
  component: string;
  image: string;
  command: string[];
  compute: BatchCompute;
  vcpus: number;
  memory: number;
  gpu: number;
  jobRoleArn?: string;
  executionRoleArn?: string;
  assignPublicIp: boolean;
}

export function resourceRequirements(vcpus: number, memory: number, gpu: number): ResourceRequirement[] {
  return [
    { type: 'VCPU', value: String(vcpus) },
    { type: 'MEMORY', value: String(memory) },
    ...(gpu > 0 ? [{ type: 'GPU' as const, value: String(gpu) }] : []),
  ];
}

/** `twingraph-<component>-<12 hex of the content hash>`: a changed image or size is a new definition name. */
export function jobDefinitionName(spec: JobDefinitionSpec): string {
  const hash = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 12);
  const component = spec.component.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 100);
  return `twingraph-${component}-${hash}`;
}

/**
 * Registers each job definition once: the name carries the content hash, so an ACTIVE definition
 * with that name is this one (reused across runs and processes); otherwise it is registered. One
 * registration per name at a time per process.
 */
export class JobDefinitionRegistry {
  private readonly known = new Map<string, Promise<string>>();

  constructor(private readonly client: BatchClient) {}

  /** The ARN of the definition for this spec, registering it when missing. */
  ensure(spec: JobDefinitionSpec, log: (line: string) => void): Promise<string> {
    const name = jobDefinitionName(spec);
    let arn = this.known.get(name);
    if (arn === undefined) {
      arn = this.lookupOrRegister(name, spec, log);
      arn.catch(() => this.known.delete(name));
      this.known.set(name, arn);
    }
    return arn;
  }

  private async lookupOrRegister(name: string, spec: JobDefinitionSpec, log: (line: string) => void): Promise<string> {
    const existing = await this.client.send(new DescribeJobDefinitionsCommand({ jobDefinitionName: name, status: 'ACTIVE' }));
    const latest = (existing.jobDefinitions ?? []).sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0];
    if (latest?.jobDefinitionArn !== undefined) return latest.jobDefinitionArn;
    log(`registering Batch job definition ${name} (${spec.image}, ${spec.vcpus} vCPU, ${spec.memory} MiB${spec.gpu > 0 ? `, ${spec.gpu} GPU` : ''}, ${spec.compute})`);
    const fargate = spec.compute === 'fargate';
    const answer = await this.client.send(
      new RegisterJobDefinitionCommand({
        jobDefinitionName: name,
        type: 'container',
        platformCapabilities: [fargate ? 'FARGATE' : 'EC2'],
        containerProperties: {
          image: spec.image,
          command: spec.command,
          resourceRequirements: resourceRequirements(spec.vcpus, spec.memory, spec.gpu),
          ...(spec.jobRoleArn === undefined ? {} : { jobRoleArn: spec.jobRoleArn }),
          ...(spec.executionRoleArn === undefined ? {} : { executionRoleArn: spec.executionRoleArn }),
          ...(fargate ? { networkConfiguration: { assignPublicIp: spec.assignPublicIp ? 'ENABLED' : 'DISABLED' }, fargatePlatformConfiguration: { platformVersion: 'LATEST' } } : {}),
        },
        // TwinGraph owns retries (with its own backoff and records).
        retryStrategy: { attempts: 1 },
        tags: { 'twingraph:managed': 'true', 'twingraph:component': spec.component.slice(0, 256) },
      }),
    );
    return answer.jobDefinitionArn!;
  }
}
