-- Runs once, when the db volume is first created (postgres' /docker-entrypoint-initdb.d).
-- `down -v` removes the volume, so the next `up` starts from this schema again.
-- One Postgres, one schema per service: public (orders), inventory, email. In production each would
-- have its own database; here they share one so the audit can compare them.

-- ---- the order service ----------------------------------------------------------------------
CREATE TABLE orders (
  id          uuid        PRIMARY KEY,           -- chosen by the client: a retry sends the same id
  customer    text        NOT NULL,
  sku         text        NOT NULL,
  qty         integer     NOT NULL CHECK (qty > 0),
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- The transactional outbox: an event is a row here. The relay (services/relay) publishes every row
-- whose sent_at is NULL to the Redis stream orders:events and then sets sent_at.
CREATE TABLE outbox (
  id            bigserial   PRIMARY KEY,         -- publish order
  event_id      uuid        NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  aggregate_id  uuid        NOT NULL,            -- the order's id
  type          text        NOT NULL,            -- 'OrderPlaced'
  payload       jsonb       NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  sent_at       timestamptz
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

-- ---- the inventory consumer -----------------------------------------------------------------
CREATE SCHEMA inventory;
-- Its effect: one stock reservation per order.
CREATE TABLE inventory.reservations (
  id        bigserial   PRIMARY KEY,
  order_id  uuid        NOT NULL,
  event_id  text        NOT NULL,
  sku       text        NOT NULL,
  qty       integer     NOT NULL,
  at        timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX reservations_order ON inventory.reservations (order_id);

-- ---- the email consumer ---------------------------------------------------------------------
CREATE SCHEMA email;
-- Its effect: one order confirmation per order.
CREATE TABLE email.sent_emails (
  id        bigserial   PRIMARY KEY,
  order_id  uuid        NOT NULL,
  event_id  text        NOT NULL,
  customer  text        NOT NULL,
  at        timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX sent_emails_order ON email.sent_emails (order_id);

-- ---- each consumer's record of the events it has handled, by event id -----------------------
-- The same table in each consumer's own schema: consumers share no state.
DO $$
DECLARE s text;
BEGIN
  FOREACH s IN ARRAY ARRAY['inventory', 'email'] LOOP
    EXECUTE format('CREATE TABLE %I.processed_events (event_id text PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())', s);
  END LOOP;
END $$;

-- ---- the lab's fault: a transaction that fails at COMMIT ------------------------------------
-- A deferred constraint trigger runs at COMMIT. With commit_fail_rate > 0 it rejects that share of
-- the transactions that insert an order, with SQLSTATE 40001 (serialization_failure), as SERIALIZABLE
-- isolation, a deferred constraint or a failover can. Everything the transaction wrote is rolled back;
-- whatever the code did outside the database before COMMIT is not.
-- Set through the order service: POST /admin/faults {"commitFailRate": 0.3}.
CREATE TABLE lab_faults (
  id                integer          PRIMARY KEY CHECK (id = 1),
  commit_fail_rate  double precision NOT NULL DEFAULT 0 CHECK (commit_fail_rate BETWEEN 0 AND 1)
);
INSERT INTO lab_faults (id) VALUES (1);

CREATE FUNCTION lab_commit_fault() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF random() < (SELECT commit_fail_rate FROM lab_faults WHERE id = 1) THEN
    RAISE EXCEPTION 'could not serialize access: commit rejected (fault injected by the lab)'
      USING ERRCODE = '40001';
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER orders_commit_fault AFTER INSERT ON orders
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION lab_commit_fault();
