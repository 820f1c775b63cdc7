ALTER TABLE conversations DROP COLUMN read_receipt_message_id;
DROP TABLE idempotency_keys;
DROP TABLE outbox_jobs;
