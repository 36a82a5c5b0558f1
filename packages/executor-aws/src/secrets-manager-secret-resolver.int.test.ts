import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { ChainSecretResolver, createDefaultRuntimes, createEngine, EnvSecretResolver, LocalExecutor, runWorkflow } from '@twingraph/core';
import { ERROR_CODES, toErrorData } from '@twingraph/model';
import { describeWithService } from '@twingraph/testing';
import { clientConfig } from './aws-connection.js';
import { SecretsManagerSecretResolver } from './secrets-manager-secret-resolver.js';
import { motoConnection, motoReady, uniqueName, unexpectedSuccess } from './moto-test-support.test-support.js';

await describeWithService('moto', motoReady, 'SecretsManagerSecretResolver on moto', () => {
  const admin = new SecretsManagerClient(clientConfig(motoConnection));
  const prefix = `${uniqueName('tg')}/`;

  it('reads a whole secret, and one key of a JSON secret, under the prefix', async () => {
    await admin.send(new CreateSecretCommand({ Name: `${prefix}DB_PASSWORD`, SecretString: 's3cr3t ✓' }));
    await admin.send(new CreateSecretCommand({ Name: `${prefix}db`, SecretString: JSON.stringify({ user: 'app', port: 5432 }) }));
    const resolver = new SecretsManagerSecretResolver({ ...motoConnection, prefix });
    expect(await resolver.resolve('DB_PASSWORD')).toBe('s3cr3t ✓');
    expect(await resolver.resolve('db#user')).toBe('app');
    expect(await resolver.resolve('db#port')).toBe('5432');
    expect(await resolver.resolve('db#missing')).toBeUndefined();
    expect(await resolver.resolve('NOT_THERE')).toBeUndefined();
    await resolver.close();
  });

  it('is asked after the others in a chain when they do not hold a name', async () => {
    await admin.send(new CreateSecretCommand({ Name: `${prefix}API_TOKEN`, SecretString: 'from-aws' }));
    const chain = new ChainSecretResolver([new EnvSecretResolver({ env: {} }), new SecretsManagerSecretResolver({ ...motoConnection, prefix })]);
    expect(await chain.resolve('API_TOKEN')).toBe('from-aws');
    await chain.close();
  });

  it('reports a key of a secret that is not JSON as unavailable, with the fix', async () => {
    await admin.send(new CreateSecretCommand({ Name: `${prefix}PLAIN`, SecretString: 'not json' }));
    const resolver = new SecretsManagerSecretResolver({ ...motoConnection, prefix });
    const error = await resolver.resolve('PLAIN#key').then(unexpectedSuccess, (e: unknown) => toErrorData(e));
    expect(error).toMatchObject({ code: ERROR_CODES.SECRET_UNAVAILABLE, details: { resolver: 'aws', secret: `${prefix}PLAIN` } });
    expect(error.hint).toContain('${secret:PLAIN}');
  });

  it('resolves ${secret:NAME} in a component\'s env through the engine, and masks the value in its log', async () => {
    await admin.send(new CreateSecretCommand({ Name: `${prefix}ENGINE_TOKEN`, SecretString: 'tok-3f9a1c' }));
    const engine = createEngine({ executors: [new LocalExecutor({ runtimes: createDefaultRuntimes() })], secrets: new SecretsManagerSecretResolver({ ...motoConnection, prefix }) });
    const logs: string[] = [];
    const stop = engine.on((event) => {
      if (event.type === 'node.log') logs.push(event.line);
    });
    try {
      const run = await runWorkflow(engine, {
        apiVersion: 'twingraph/v1',
        kind: 'Workflow',
        metadata: { name: 'aws-secret' },
        nodes: [
          {
            id: 'use', type: 'component', language: 'javascript', env: { TOKEN: '${secret:ENGINE_TOKEN}' },
            code: 'export function process() { console.log("token is " + globalThis.process.env.TOKEN); return { ok: globalThis.process.env.TOKEN === "tok-3f9a1c" }; }',
            outputs: [{ name: 'ok', type: 'boolean' }],
          },
        ],
        edges: [],
      });
      const graph = (await engine.lineageStore!.getRunGraph(run.runId))!;
      expect(run.status, JSON.stringify(graph.components[0]?.error)).toBe('succeeded');
      expect(graph.components[0]!.outputs).toEqual({ ok: true });
      expect(logs).toContain('token is ***');
      expect(JSON.stringify(graph)).not.toContain('tok-3f9a1c');
    } finally {
      stop();
      await engine.close();
    }
  });

  describe('bad input', () => {
    it('an unreachable endpoint is ERR_SECRET_UNAVAILABLE naming the fix', async () => {
      const resolver = new SecretsManagerSecretResolver({ ...motoConnection, endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
      const error = await resolver.resolve('ANY').then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error.code).toBe(ERROR_CODES.SECRET_UNAVAILABLE);
      expect(error.hint).toContain('AWS_REGION');
    });

    it('no credentials is ERR_SECRET_UNAVAILABLE naming the credential chain', async () => {
      const resolver = new SecretsManagerSecretResolver({
        ...motoConnection,
        credentials: () => Promise.reject(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })),
      });
      const error = await resolver.resolve('ANY').then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error.code).toBe(ERROR_CODES.SECRET_UNAVAILABLE);
      expect(error.hint).toContain('AWS_ACCESS_KEY_ID');
    });
  });
});
