import { uuidKey } from '../../../kernel/store/uuid-key.ts';

// The keys an event is found by in the event-key levels (migration 009): one set of levels for
// three kinds of id, kept apart by a prefix in what is hashed. Migration 009 computes the same in SQL.

export const messageKey = (messageId: string): number => uuidKey(`m ${messageId}`);
export const instanceKey = (instance: string): number => uuidKey(`i ${instance}`);
export const requestKey = (requestId: string): number => uuidKey(`r ${requestId}`);

/** The row ids stored under (deployment_id ?, event_key ?): one probe per level; compare the id text too. */
export const EVENT_LOCATION = 'SELECT id FROM nova_event_key_locations WHERE deployment_id = ? AND event_key = ?';
