import { celeryWriterPart } from './capabilities/celery/store/celery-writer-part.ts';
import { notificationWriterPart } from './capabilities/notifications/store/notification-writer-part.ts';
import { CELERY_WRITER_PART } from './capabilities/celery/store/celery-batch-writer.ts';
import { NOTIFICATIONS_WRITER_PART } from './capabilities/notifications/store/notification-batch-writer.ts';
import { runStoreWriter } from './kernel/store/writer/run-store-writer.ts';

// The store writer thread's entry: every capability that commits through it, by name. Idle
// turns go in this order: notifications' rows and derivations before Celery's search index.
runStoreWriter({ [NOTIFICATIONS_WRITER_PART]: notificationWriterPart, [CELERY_WRITER_PART]: celeryWriterPart });
