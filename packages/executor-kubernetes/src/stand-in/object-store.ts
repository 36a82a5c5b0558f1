import { randomUUID } from 'node:crypto';

export type Kind = 'namespaces' | 'jobs' | 'pods' | 'secrets';
export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** The part of every Kubernetes object the store reads. */
export interface StoredObject {
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; creationTimestamp?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

interface HistoryEntry {
  rv: number;
  kind: Kind;
  type: WatchType;
  object: string;
  namespace: string | undefined;
}

interface Watcher {
  kind: Kind;
  namespace: string | undefined;
  filter: (object: StoredObject) => boolean;
  send: (type: WatchType, json: string) => void;
}

const HISTORY = 5000;

/**
 * The stand-in's etcd: objects by kind and namespace/name, one resourceVersion counter, and watches
 * that replay from a resourceVersion (410 Gone when it is older than the kept history) or start
 * with synthetic ADDED events for what exists, as the API server does.
 */
export class ObjectStore {
  private rv = 1;
  private readonly objects = new Map<Kind, Map<string, StoredObject>>();
  private readonly history: HistoryEntry[] = [];
  private readonly watchers = new Set<Watcher>();

  get resourceVersion(): string {
    return String(this.rv);
  }

  get(kind: Kind, namespace: string | undefined, name: string): StoredObject | undefined {
    return this.map(kind).get(key(namespace, name));
  }

  list(kind: Kind, namespace: string | undefined, filter: (object: StoredObject) => boolean = () => true): StoredObject[] {
    return [...this.map(kind).values()].filter((o) => (namespace === undefined || o.metadata.namespace === namespace) && filter(o));
  }

  create(kind: Kind, object: StoredObject): StoredObject {
    object.metadata.uid ??= randomUUID();
    object.metadata.creationTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    return this.write(kind, 'ADDED', object);
  }

  /** Applies `change` to the stored object and records a MODIFIED event; undefined when it is gone. */
  update(kind: Kind, namespace: string | undefined, name: string, change: (object: StoredObject) => void): StoredObject | undefined {
    const object = this.get(kind, namespace, name);
    if (object === undefined) return undefined;
    change(object);
    return this.write(kind, 'MODIFIED', object);
  }

  delete(kind: Kind, namespace: string | undefined, name: string): StoredObject | undefined {
    const object = this.get(kind, namespace, name);
    if (object === undefined) return undefined;
    this.map(kind).delete(key(namespace, name));
    object.metadata.resourceVersion = String(++this.rv);
    this.emit(kind, 'DELETED', object);
    return object;
  }

  /**
   * Sends events of `kind` in `namespace` (all when undefined) that pass `filter`. Without a
   * resourceVersion: ADDED for every current object first. With one: the history after it, or
   * false when it is too old (the caller answers 410 Gone).
   */
  watch(kind: Kind, namespace: string | undefined, filter: (object: StoredObject) => boolean, since: string | undefined, send: Watcher['send']): (() => void) | false {
    const watcher: Watcher = { kind, namespace, filter, send };
    const from = since === undefined || since === '' || since === '0' ? undefined : Number(since);
    if (from === undefined) {
      for (const object of this.list(kind, namespace, filter)) send('ADDED', JSON.stringify(object));
    } else {
      const oldest = this.history[0]?.rv ?? this.rv;
      if (from < oldest - 1 && from < this.rv) return false;
      for (const entry of this.history) {
        if (entry.rv <= from || entry.kind !== kind || (namespace !== undefined && entry.namespace !== namespace)) continue;
        const object = JSON.parse(entry.object) as StoredObject;
        if (filter(object)) send(entry.type, entry.object);
      }
    }
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private write(kind: Kind, type: WatchType, object: StoredObject): StoredObject {
    object.metadata.resourceVersion = String(++this.rv);
    this.map(kind).set(key(object.metadata.namespace, object.metadata.name), object);
    this.emit(kind, type, object);
    return object;
  }

  private emit(kind: Kind, type: WatchType, object: StoredObject): void {
    const json = JSON.stringify(object);
    this.history.push({ rv: this.rv, kind, type, object: json, namespace: object.metadata.namespace });
    if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
    for (const watcher of this.watchers) {
      if (watcher.kind !== kind || (watcher.namespace !== undefined && watcher.namespace !== object.metadata.namespace)) continue;
      if (watcher.filter(object)) watcher.send(type, json);
    }
  }

  private map(kind: Kind): Map<string, StoredObject> {
    let map = this.objects.get(kind);
    if (map === undefined) {
      map = new Map();
      this.objects.set(kind, map);
    }
    return map;
  }
}

function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}
