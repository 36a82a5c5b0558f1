import { createHash } from 'node:crypto';
import { canonicalJson } from '@twingraph/model';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** H(name, code hash, image, platform): what makes two components the same computation. */
export function componentIdentityHash(identity: { name: string; codeHash: string; image?: string; platform: string }): string {
  return sha256Hex(canonicalJson({ name: identity.name, codeHash: identity.codeHash, image: identity.image ?? null, platform: identity.platform }));
}

/**
 * The Merkle lineage key of one execution: H(identity, canonical inputs, parent hashes).
 * Parent hashes are sorted so the order parents were listed in does not matter.
 */
export function executionHash(identityHash: string, canonicalInputs: string, parentHashes: readonly string[]): string {
  const hash = createHash('sha256').update(identityHash).update('\n').update(canonicalInputs).update('\n');
  if (parentHashes.length === 1) hash.update(parentHashes[0]!);
  else if (parentHashes.length > 1) hash.update([...parentHashes].sort().join(','));
  return hash.digest('hex');
}
