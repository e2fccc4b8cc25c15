import type { Migration } from '../../../kernel/store/migration.ts';

/**
 * A notification whose timestamp was outside the plausible window (nova/decode-notification.ts)
 * is placed at our receipt time; the notifier's own value is kept here. Null: believed as sent.
 */
export const notificationClockSkew: Migration = {
  version: 13,
  name: 'notifications: the timestamp a notifier sent when it was not believed',
  up: `
    -- The notifier's timestamp (epoch us) when it was not believed; at_us is then our receipt.
    ALTER TABLE nova_events ADD COLUMN skewed_at_us INTEGER;
  `,
};
