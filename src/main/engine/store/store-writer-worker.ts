import { celeryWriterPart } from './celery-writer-part.ts';
import { notificationWriterPart } from './notification-writer-part.ts';
import { CELERY_WRITER_PART } from './celery-batch-writer.ts';
import { NOTIFICATIONS_WRITER_PART } from './notification-batch-writer.ts';
import { runStoreWriter } from './writer/run-store-writer.ts';

// The store writer thread's entry: every capability that commits through it, by name. Idle
// turns go in this order: notifications' rows and derivations before Celery's search index.
runStoreWriter({ [NOTIFICATIONS_WRITER_PART]: notificationWriterPart, [CELERY_WRITER_PART]: celeryWriterPart });
