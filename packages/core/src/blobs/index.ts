export { checkedBlobDigest } from './blob-digest.js';
export * from './file-system-blob-store.js';
export * from './large-values.js';
