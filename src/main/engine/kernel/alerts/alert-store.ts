import type { Database, Statement } from 'better-sqlite3';
import type { Alert, AlertSeverityLevel } from '../../../../shared/domain/broker.ts';

interface AlertRow {
  id: number;
  deployment_id: number;
  rule: string;
  subject: string;
  severity: AlertSeverityLevel;
  message: string;
  opened_at: number;
  closed_at: number | null;
  peak_value: number | null;
  last_value: number | null;
}

const toAlert = (row: AlertRow): Alert => ({
  id: row.id,
  deploymentId: row.deployment_id,
  rule: row.rule,
  subject: row.subject,
  severity: row.severity,
  message: row.message,
  openedAt: new Date(row.opened_at).toISOString(),
  closedAt: row.closed_at === null ? null : new Date(row.closed_at).toISOString(),
  peakValue: row.peak_value,
  lastValue: row.last_value,
});

export interface OpenAlertInput {
  deploymentId: number;
  rule: string;
  subject: string;
  severity: AlertSeverityLevel;
  message: string;
  at: number;
  value: number | null;
}

/** The alert history: opened, updated while open (peak, message), closed. */
export class AlertStore {
  readonly #insert: Statement<[number, string, string, string, string, number, number | null, number | null]>;
  readonly #update: Statement<[{ severity: string; message: string; value: number | null; id: number }]>;
  readonly #close: Statement<[number, number]>;
  readonly #get: Statement<[number], AlertRow>;
  readonly #openAll: Statement<[], AlertRow>;
  readonly #byDeployment: Statement<[number, number], AlertRow>;
  readonly #closeAllOpen: Statement<[number]>;

  constructor(db: Database) {
    this.#insert = db.prepare(
      'INSERT INTO alerts (deployment_id, rule, subject, severity, message, opened_at, peak_value, last_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#update = db.prepare(`
      UPDATE alerts SET severity = @severity, message = @message,
        peak_value = CASE WHEN @value IS NULL THEN peak_value ELSE max(coalesce(peak_value, @value), @value) END,
        last_value = coalesce(@value, last_value)
      WHERE id = @id`);
    this.#close = db.prepare('UPDATE alerts SET closed_at = ? WHERE id = ? AND closed_at IS NULL');
    this.#get = db.prepare('SELECT * FROM alerts WHERE id = ?');
    this.#openAll = db.prepare('SELECT * FROM alerts WHERE closed_at IS NULL ORDER BY opened_at DESC, id DESC');
    this.#byDeployment = db.prepare(
      'SELECT * FROM alerts WHERE deployment_id = ? ORDER BY closed_at IS NOT NULL, opened_at DESC, id DESC LIMIT ?',
    );
    this.#closeAllOpen = db.prepare('UPDATE alerts SET closed_at = ? WHERE closed_at IS NULL');
  }

  open(input: OpenAlertInput): Alert {
    const id = Number(
      this.#insert.run(input.deploymentId, input.rule, input.subject, input.severity, input.message, input.at, input.value, input.value).lastInsertRowid,
    );
    return this.get(id) as Alert;
  }

  /** The latest sentence and figure of an open alert; the peak only ever rises. */
  update(id: number, severity: AlertSeverityLevel, message: string, value: number | null): void {
    this.#update.run({ severity, message, value, id });
  }

  close(id: number, at: number): Alert | undefined {
    this.#close.run(at, id);
    return this.get(id);
  }

  get(id: number): Alert | undefined {
    const row = this.#get.get(id);
    return row && toAlert(row);
  }

  openAlerts(): Alert[] {
    return this.#openAll.all().map(toAlert);
  }

  list(deploymentId: number, limit: number): Alert[] {
    return this.#byDeployment.all(deploymentId, limit).map(toAlert);
  }

  /**
   * At start: alerts left open by a previous run are closed, since nothing has evaluated them
   * since; a condition that still holds opens a new one after its grace period.
   */
  closeLeftOpen(at: number): number {
    return this.#closeAllOpen.run(at).changes;
  }
}
