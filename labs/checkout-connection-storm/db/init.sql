-- The shop's schema (the lab's: "fix it without touching the schema"). Runs once, when the volume is new.
-- The checkout instances connect as "shop", not a superuser: Postgres keeps its last
-- superuser_reserved_connections (3) slots for superusers, so the lab's own connections (the
-- connection watch and the stock-take report, as "breakfix") always get in, whatever the shop does.
CREATE ROLE shop LOGIN PASSWORD 'shop';

CREATE TABLE inventory (
  sku   text PRIMARY KEY,
  stock integer NOT NULL CHECK (stock >= 0)
);
INSERT INTO inventory (sku, stock) SELECT 'sku-' || i, 1000000 FROM generate_series(1, 500) AS i;

CREATE TABLE orders (
  order_id     text PRIMARY KEY,
  sku          text NOT NULL REFERENCES inventory (sku),
  qty          integer NOT NULL,
  amount_cents integer NOT NULL,
  charge_id    text,
  created_at   timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT, UPDATE ON inventory TO shop;
GRANT SELECT, INSERT, UPDATE ON orders TO shop;
