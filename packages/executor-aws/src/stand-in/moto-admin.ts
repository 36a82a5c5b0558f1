/**
 * moto calls the AWS SDK clients TwinGraph depends on cannot make (IAM is not one of them): a
 * Query-protocol request whose Authorization header names the service, which is how moto routes it.
 * moto does not check signatures.
 */
async function motoQuery(endpoint: string, service: string, params: Record<string, string>): Promise<string> {
  const response = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams(params).toString(),
  });
  const text = await response.text();
  if (!response.ok && !text.includes('EntityAlreadyExists')) throw new Error(`moto ${service} ${params['Action']}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return text;
}

/** Creates (once) an IAM role Lambda and Batch may assume in moto and returns its ARN. */
export async function ensureMotoRole(endpoint: string, roleName: string): Promise<string> {
  const policy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'batch.amazonaws.com'] }, Action: 'sts:AssumeRole' }],
  };
  await motoQuery(endpoint, 'iam', { Action: 'CreateRole', Version: '2010-05-08', RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(policy) });
  return `arn:aws:iam::123456789012:role/${roleName}`;
}

/**
 * A Batch job queue in moto on an UNMANAGED compute environment: moto runs the queue's jobs as
 * containers on the local Docker Engine itself. Returns the queue name.
 */
export async function ensureMotoBatchQueue(endpoint: string, queueName: string): Promise<string> {
  const { BatchClient, CreateComputeEnvironmentCommand, CreateJobQueueCommand, DescribeJobQueuesCommand } = await import('@aws-sdk/client-batch');
  const batch = new BatchClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  try {
    const existing = await batch.send(new DescribeJobQueuesCommand({ jobQueues: [queueName] }));
    if ((existing.jobQueues ?? []).length > 0) return queueName;
    const serviceRole = await ensureMotoRole(endpoint, 'twingraph-batch-service');
    const environment = await batch.send(new CreateComputeEnvironmentCommand({ computeEnvironmentName: `${queueName}-ce`, type: 'UNMANAGED', state: 'ENABLED', serviceRole }));
    await batch.send(new CreateJobQueueCommand({ jobQueueName: queueName, state: 'ENABLED', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: environment.computeEnvironmentArn! }] }));
    return queueName;
  } finally {
    batch.destroy();
  }
}
