#!/usr/bin/env node
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startKubernetesStandIn } from './stand-in-server.js';

// `node packages/executor-kubernetes/dist/stand-in/main.js --port 6443 --kubeconfig /tmp/tg.kubeconfig`
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '6443' },
    host: { type: 'string', default: '127.0.0.1' },
    kubeconfig: { type: 'string', default: '.twingraph/kubernetes-stand-in.kubeconfig' },
    namespace: { type: 'string', multiple: true, default: [] },
    token: { type: 'string' },
    network: { type: 'string', default: 'none' },
    'max-active-jobs': { type: 'string' },
    'require-label': { type: 'string', multiple: true, default: [] },
    'deny-images': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(`TwinGraph Kubernetes stand-in: a local test double of the Kubernetes API (Jobs, Pods, logs, watch) whose Pods run on Docker.
  --port N               listen port (default 6443; 0 = any free port)
  --host H               listen address (default 127.0.0.1)
  --kubeconfig PATH      where to write a kubeconfig pointing at the stand-in
  --namespace NS         extra namespace that exists from the start (repeatable)
  --token T              bearer token (default: random, written to the kubeconfig)
  --network N            Docker network of Pod containers (default none)
  --max-active-jobs N    quota: refuse (403) more unfinished Jobs per namespace
  --require-label KEY    admission: refuse (403) Jobs without this label (repeatable)
  --deny-images REGEX    admission: refuse (403) Jobs whose image matches
`);
  process.exit(0);
}

const port = Number(values.port);
const standIn = await startKubernetesStandIn({
  port,
  host: values.host,
  namespaces: values.namespace,
  ...(values.token === undefined ? {} : { token: values.token }),
  network: values.network,
  admission: {
    ...(values['max-active-jobs'] === undefined ? {} : { maxActiveJobs: Number(values['max-active-jobs']) }),
    ...(values['require-label'].length === 0 ? {} : { requiredLabels: values['require-label'] }),
    ...(values['deny-images'] === undefined ? {} : { deniedImages: values['deny-images'] }),
  },
});
const kubeconfigPath = resolve(values.kubeconfig);
mkdirSync(dirname(kubeconfigPath), { recursive: true });
standIn.kubeconfig.write(kubeconfigPath);
process.stdout.write(`kubernetes stand-in listening on ${standIn.url}\nkubeconfig: ${kubeconfigPath}\n`);

let closing = false;
const stop = (): void => {
  if (closing) return;
  closing = true;
  standIn.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`stand-in: close failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
