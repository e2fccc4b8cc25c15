// Canary's HTTP API (mkmad/canary, seed 001), kept field for field so its clients and
// dashboards work against Tach unchanged. Canary serialised TaskFlow's ZookeeperJob.__dict__,
// hence the underscored names.

export interface CanaryJob {
  _backend: { connection: 'zookeeper' };
  _book: null;
  _book_data: { name?: string; uuid?: string } | null;
  /** Naive ISO time as Python's datetime.isoformat() writes it: 2015-03-27T10:28:07.951000. */
  _created_on: string | null;
  _details: unknown;
  _lock_path: string;
  _name: string | null;
  _node_not_found: boolean;
  _path: string;
  _root: string;
  _sequence: number;
  _uuid: string | null;
  status: 'UNCLAIMED' | 'CLAIMED' | 'COMPLETE';
  owner: string | null;
}

export interface CanaryJobsRecord {
  job_count: number;
  jobs: CanaryJob[];
}

/** canary/transport/wsgi/v1_0/conductors.py: the children of the conductor path, by name. */
export interface CanaryConductors {
  conductor_count: number;
  conductors: string[];
}
