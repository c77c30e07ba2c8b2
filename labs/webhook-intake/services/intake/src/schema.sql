-- Your tables, in the schema `intake` (index.js applies this file at every start, so make each
-- statement safe to run again; POST /admin/reset drops the schema and applies it afresh).

-- Every event we received, for support.
CREATE TABLE IF NOT EXISTS webhook_events (
  id           bigserial   PRIMARY KEY,
  event_id     text        NOT NULL,
  type         text        NOT NULL,
  payload      jsonb       NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now()
);
