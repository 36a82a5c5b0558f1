import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

/** AWS credentials as the AWS SDK v3 takes them: fixed values or a provider (refreshed by the SDK). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
export type AwsCredentialsProvider = () => Promise<AwsCredentials>;

/** Amazon Neptune IAM database authentication (SigV4 on the WebSocket handshake). */
export interface NeptuneIamOptions {
  /** Region of the Neptune cluster, e.g. `us-east-1`. @defaultValue `?region=` of a `neptune://` URL */
  region?: string;
  /**
   * Credentials to sign with.
   * @defaultValue the AWS SDK default chain (env, shared config / SSO, web identity, ECS / EC2 roles)
   */
  credentials?: AwsCredentials | AwsCredentialsProvider;
}

/** Neptune's signing name: requests are signed for service `neptune-db`. */
export const NEPTUNE_SERVICE = 'neptune-db';

/**
 * Signs the WebSocket handshake the way Neptune checks it: a SigV4 signature of `GET https://host:port/gremlin`
 * (service `neptune-db`), whose headers (Authorization, X-Amz-Date, X-Amz-Security-Token, host) travel on
 * the upgrade request. A signature is only checked when the socket opens, so one is made per connection
 * attempt (the SDK caches and refreshes the credentials themselves).
 */
export class NeptuneIamSigner {
  private readonly signer: SignatureV4;

  constructor(private readonly url: string, region: string, credentials: AwsCredentials | AwsCredentialsProvider | undefined) {
    this.signer = new SignatureV4({ credentials: credentials ?? defaultProvider(), region, service: NEPTUNE_SERVICE, sha256: Sha256 });
  }

  /** Headers for a handshake now (or at `at`, for tests). */
  async headers(at?: Date): Promise<Record<string, string>> {
    const request = handshakeRequest(this.url);
    const signed = await this.signer.sign(request, at === undefined ? {} : { signingDate: at });
    return signed.headers;
  }
}

/** The request Neptune verifies: GET https://host:port/path with only the host header. */
export function handshakeRequest(url: string, headers: Record<string, string> = {}): HttpRequest {
  const parsed = new URL(url);
  const port = parsed.port === '' ? 8182 : Number(parsed.port);
  return new HttpRequest({
    method: 'GET',
    protocol: 'https:',
    hostname: parsed.hostname,
    port,
    path: parsed.pathname,
    headers: { host: `${parsed.hostname}:${port}`, ...headers },
  });
}
