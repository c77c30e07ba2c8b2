-- The link store: 20,000 short links. A code is the first 8 hex digits of md5('link-<n>'); the load
-- service computes the same codes. Links 1-100 are the hot ones (most clicked): the load sends them 90%
-- of its reads, and the deploy's warm-up job caches them (GET ... ORDER BY clicks DESC LIMIT 100).
CREATE TABLE links (
  code       text PRIMARY KEY,
  target     text NOT NULL,
  clicks     bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO links (code, target, clicks)
SELECT substr(md5('link-' || n), 1, 8),
       'https://example.com/articles/' || n || '?utm_source=short',
       CASE WHEN n <= 100 THEN 1000000 - n ELSE (n * 7919) % 5000 END
FROM generate_series(1, 20000) AS n;

-- The lab's fault switch: slow-postgres sets latency_ms, and every lookup waits that long inside
-- Postgres (holding its connection), as it would behind a saturated disk or a long-running report.
CREATE TABLE db_faults (latency_ms integer NOT NULL DEFAULT 0);
INSERT INTO db_faults VALUES (0);

-- The one lookup the redirect service runs: the link's target, or NULL for a code that does not exist.
CREATE FUNCTION find_link(p_code text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  delay integer;
BEGIN
  SELECT latency_ms INTO delay FROM db_faults;
  IF delay > 0 THEN
    PERFORM pg_sleep(delay / 1000.0);
  END IF;
  RETURN (SELECT target FROM links WHERE code = p_code);
END
$$;
