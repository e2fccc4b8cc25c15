import type { MetricFamily, MetricsRegistry, MetricsSource } from './metrics-source.ts';

/** The Prometheus text format, version 0.0.4, as `GET /metrics` answers with it. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabel = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const validName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const validLabel = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/**
 * The registry every capability registers its source with. Collecting happens at scrape time;
 * a source that throws costs only its own figures (reported through `onError`), never the scrape.
 */
export class MetricsExposition implements MetricsRegistry {
  readonly #sources = new Set<MetricsSource>();
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void = () => {}) {
    this.#onError = onError;
  }

  register(source: MetricsSource): () => void {
    this.#sources.add(source);
    return () => this.#sources.delete(source);
  }

  /** Every family of every source; families of the same name are merged (the first help and type win). */
  collect(): MetricFamily[] {
    const byName = new Map<string, MetricFamily & { samples: MetricFamily['samples'][number][] }>();
    for (const source of this.#sources) {
      let families: readonly MetricFamily[];
      try {
        families = source.collect();
      } catch (error) {
        this.#onError(error);
        continue;
      }
      for (const family of families) {
        const existing = byName.get(family.name);
        if (existing) existing.samples.push(...family.samples);
        else byName.set(family.name, { ...family, samples: [...family.samples] });
      }
    }
    return [...byName.values()];
  }

  render(): string {
    return renderExposition(this.collect());
  }
}

export function renderExposition(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (!validName.test(family.name)) throw new Error(`"${family.name}" is not a valid Prometheus metric name.`);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels);
      for (const [label] of labels) {
        if (!validLabel.test(label) || label.startsWith('__')) throw new Error(`"${label}" is not a valid Prometheus label name (metric ${family.name}).`);
      }
      const labelText = labels.length === 0 ? '' : `{${labels.map(([label, value]) => `${label}="${escapeLabel(value)}"`).join(',')}}`;
      lines.push(`${family.name}${labelText} ${formatValue(sample.value)}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
