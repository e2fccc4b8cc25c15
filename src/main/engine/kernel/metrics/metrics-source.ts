// The seam between capabilities and `GET /metrics` (Prometheus text exposition). Each capability
// registers a source; the exposition collects every source at scrape time, so a figure is never
// staler than the capability's own state and no capability knows the text format.

export interface MetricSample {
  labels: Readonly<Record<string, string>>;
  value: number;
}

export interface MetricFamily {
  /** Prometheus metric name, `tach_` prefixed, e.g. `tach_queue_messages`. */
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  samples: readonly MetricSample[];
}

export interface MetricsSource {
  collect(): readonly MetricFamily[];
}

export interface MetricsRegistry {
  register(source: MetricsSource): () => void;
}
