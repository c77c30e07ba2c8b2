-- Runs once, when the db volume is first created (postgres' /docker-entrypoint-initdb.d).
-- `down -v` removes the volume, so the next `up` starts from this schema again.

CREATE TABLE IF NOT EXISTS notifications (
  id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  "to"            text        NOT NULL,
  channel         text        NOT NULL,
  body            text        NOT NULL,
  idempotency_key text,
  -- queued: waiting, being delivered or waiting for a retry; delivered: the provider accepted it;
  -- failed: the worker gave up; dead_lettered: set aside on notifications:dead, with the reason
  status          text        NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued', 'delivered', 'failed', 'dead_lettered')),
  attempts        integer     NOT NULL DEFAULT 0,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- A client that retries POST /notifications with the same idempotencyKey gets the same row back.
CREATE UNIQUE INDEX IF NOT EXISTS notifications_idempotency_key
  ON notifications (idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE INDEX IF NOT EXISTS notifications_status ON notifications (status);
