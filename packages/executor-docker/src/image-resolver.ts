import type Docker from 'dockerode';
import { imageUnavailable } from './docker-errors.js';
import type { PullPolicy } from './docker-executor-options.js';

/** What the daemon says about an image, recorded on the component's vertex. */
export interface ImageFacts {
  /** `sha256:…` image id. */
  id: string;
  /** `repository@sha256:…` when the image came from a registry, else the image id. */
  digest: string;
}

/**
 * Makes sure an image is on the daemon as its pull policy says, and learns its digest. Inspections
 * are cached per image name (a component's containers share one lookup); `always` pulls every time.
 */
export class ImageResolver {
  private readonly known = new Map<string, Promise<ImageFacts>>();

  constructor(private readonly docker: Docker) {}

  resolve(component: string, image: string, policy: PullPolicy): Promise<ImageFacts> {
    if (policy === 'always') return this.remember(image, this.pull(component, image).then(() => this.inspect(component, image, policy)));
    const cached = this.known.get(image);
    if (cached !== undefined) return cached;
    return this.remember(image, this.inspect(component, image, policy));
  }

  /** Forgets an image (it disappeared from the daemon since it was inspected). */
  forget(image: string): void {
    this.known.delete(image);
  }

  private remember(image: string, facts: Promise<ImageFacts>): Promise<ImageFacts> {
    this.known.set(image, facts);
    facts.catch(() => this.known.delete(image));
    return facts;
  }

  private async inspect(component: string, image: string, policy: PullPolicy): Promise<ImageFacts> {
    try {
      return facts(await this.docker.getImage(image).inspect());
    } catch (error) {
      if (statusCode(error) !== 404) throw error;
      if (policy === 'never') throw imageUnavailable(component, image, "is not on the Docker daemon and pullPolicy is 'never'");
      if (policy === 'always') throw error;
      await this.pull(component, image);
      return facts(await this.docker.getImage(image).inspect());
    }
  }

  private async pull(component: string, image: string): Promise<void> {
    try {
      const stream = await this.docker.pull(image);
      await new Promise<void>((resolve, reject) => {
        this.docker.modem.followProgress(stream, (error: Error | null) => (error === null ? resolve() : reject(error)));
      });
    } catch (error) {
      throw imageUnavailable(component, image, `cannot be pulled: ${error instanceof Error ? error.message : String(error)}`, error);
    }
  }
}

function facts(info: Docker.ImageInspectInfo): ImageFacts {
  return { id: info.Id, digest: info.RepoDigests?.[0] ?? info.Id };
}

export function statusCode(error: unknown): number | undefined {
  const code = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}
