-- Runs once, when the db volume is first created (postgres' /docker-entrypoint-initdb.d).
-- `down -v` removes the volume, so the next `up` starts from this schema again.

-- The intake's own tables live in the schema `intake`: services/intake/src/schema.sql (yours) creates
-- them at every start of the intake, and POST /admin/reset drops and recreates the schema.
CREATE SCHEMA intake;

-- Events set aside for a person, with the reason: tools.deadLetter(event, reason). The lab's, so the
-- audit can tell a dead-lettered event from a lost one.
CREATE TABLE public.dead_letters (
  event_id  text        PRIMARY KEY,
  reason    text        NOT NULL,
  payload   jsonb,
  at        timestamptz NOT NULL DEFAULT now()
);
