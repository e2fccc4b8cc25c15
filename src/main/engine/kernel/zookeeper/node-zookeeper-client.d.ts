// node-zookeeper-client 1.1.3 ships no types. This declares the part Tach uses, read off
// its index.js and lib/*.js; callbacks follow Node's (error, ...results) convention.
declare module 'node-zookeeper-client' {
  import type { EventEmitter } from 'node:events';

  export interface Stat {
    czxid: Buffer;
    mzxid: Buffer;
    ctime: Buffer;
    mtime: Buffer;
    version: number;
    cversion: number;
    aversion: number;
    ephemeralOwner: Buffer;
    dataLength: number;
    numChildren: number;
    pzxid: Buffer;
  }

  export interface State {
    name: string;
    code: number;
    getName(): string;
    getCode(): number;
  }
  export const State: {
    DISCONNECTED: State;
    SYNC_CONNECTED: State;
    AUTH_FAILED: State;
    CONNECTED_READ_ONLY: State;
    SASL_AUTHENTICATED: State;
    EXPIRED: State;
  };

  export interface Event {
    type: number;
    name: string;
    path: string;
    getType(): number;
    getName(): string;
    getPath(): string;
  }
  export const Event: {
    NODE_CREATED: number;
    NODE_DELETED: number;
    NODE_DATA_CHANGED: number;
    NODE_CHILDREN_CHANGED: number;
  };

  export interface Exception extends Error {
    code: number;
    getCode(): number;
    getName(): string;
    getPath(): string | undefined;
  }
  export const Exception: {
    NO_NODE: number;
    NODE_EXISTS: number;
    BAD_VERSION: number;
    NOT_EMPTY: number;
    CONNECTION_LOSS: number;
    SESSION_EXPIRED: number;
    NO_AUTH: number;
    AUTH_FAILED: number;
    OPERATION_TIMEOUT: number;
  };

  export const CreateMode: {
    PERSISTENT: number;
    PERSISTENT_SEQUENTIAL: number;
    EPHEMERAL: number;
    EPHEMERAL_SEQUENTIAL: number;
  };

  export interface ACL {
    permission: number;
    id: { scheme: string; id: string };
  }
  export const ACL: { OPEN_ACL_UNSAFE: ACL[]; CREATOR_ALL_ACL: ACL[]; READ_ACL_UNSAFE: ACL[] };

  export type Watcher = (event: Event) => void;
  type Done = (error: Exception | Error | null) => void;

  export interface Transaction {
    create(path: string, data?: Buffer | null, acls?: ACL[], mode?: number): Transaction;
    check(path: string, version?: number): Transaction;
    setData(path: string, data: Buffer | null, version?: number): Transaction;
    remove(path: string, version?: number): Transaction;
    commit(callback: (error: Exception | Error | null, results: unknown[]) => void): void;
  }

  export interface Client extends EventEmitter {
    connect(): void;
    close(): void;
    getState(): State;
    getSessionId(): Buffer;
    getSessionTimeout(): number;
    addAuthInfo(scheme: string, auth: Buffer): void;
    create(path: string, callback: (error: Exception | Error | null, path: string) => void): void;
    create(
      path: string,
      data: Buffer | null,
      mode: number,
      callback: (error: Exception | Error | null, path: string) => void,
    ): void;
    create(
      path: string,
      data: Buffer | null,
      acls: ACL[],
      mode: number,
      callback: (error: Exception | Error | null, path: string) => void,
    ): void;
    remove(path: string, version: number, callback: Done): void;
    remove(path: string, callback: Done): void;
    setData(path: string, data: Buffer | null, version: number, callback: (error: Exception | Error | null, stat: Stat) => void): void;
    getData(path: string, callback: (error: Exception | Error | null, data: Buffer | undefined, stat: Stat) => void): void;
    getData(
      path: string,
      watcher: Watcher,
      callback: (error: Exception | Error | null, data: Buffer | undefined, stat: Stat) => void,
    ): void;
    exists(path: string, callback: (error: Exception | Error | null, stat: Stat | null) => void): void;
    exists(path: string, watcher: Watcher, callback: (error: Exception | Error | null, stat: Stat | null) => void): void;
    getChildren(path: string, callback: (error: Exception | Error | null, children: string[], stat: Stat) => void): void;
    getChildren(
      path: string,
      watcher: Watcher,
      callback: (error: Exception | Error | null, children: string[], stat: Stat) => void,
    ): void;
    mkdirp(path: string, callback: (error: Exception | Error | null, path: string) => void): void;
    transaction(): Transaction;

    on(event: 'connected' | 'connectedReadOnly' | 'disconnected' | 'expired' | 'authenticationFailed', listener: () => void): this;
    on(event: 'state', listener: (state: State) => void): this;
    once(event: 'connected' | 'connectedReadOnly' | 'disconnected' | 'expired' | 'authenticationFailed', listener: () => void): this;
    once(event: 'state', listener: (state: State) => void): this;
  }

  export interface ClientOptions {
    sessionTimeout?: number;
    spinDelay?: number;
    retries?: number;
  }

  export function createClient(connectionString: string, options?: ClientOptions): Client;

  const zookeeper: {
    createClient: typeof createClient;
    State: typeof State;
    Event: typeof Event;
    Exception: typeof Exception;
    CreateMode: typeof CreateMode;
    ACL: typeof ACL;
  };
  export default zookeeper;
}
