-- The memories table: one row per live memory of the enhanced-memories topic, keyed by memory_id.
--
-- The Debezium JDBC sink (memories-sink.json) upserts a row for every record and deletes it on a
-- tombstone. It runs with schema.evolution=none, so this file alone owns the table's shape: a new
-- field in EnhancedMemory.avsc needs its column here first, or the sink stops on the new records.
--
-- Column names are the Avro field names of io.memstream.schemas.EnhancedMemory (the sink matches
-- them by name); the types are what AvroWireFormatConverter hands the sink:
--   timestamp-millis          -> timestamptz
--   arrays of strings/floats  -> text[] / real[]
--   arrays of records         -> jsonb, e.g. entities = [{"text": "Anna", "type": "PERSON"}]
--   enums                     -> text
-- NOT NULL follows the Avro contract (only its [null, X] unions are nullable). There are no CHECK
-- constraints on purpose: a row the database refuses stops the sink task, whereas a bad record is
-- meant to reach the dead-letter topic and let the pipeline go on.
--
-- Every statement is idempotent, so the DDL can run at each start.

CREATE TABLE IF NOT EXISTS memories (
    memory_id           text             PRIMARY KEY,
    user_id             text             NOT NULL,
    agent_id            text,
    session_id          text             NOT NULL,
    content             text             NOT NULL,
    summary             text             NOT NULL,
    category            text             NOT NULL,
    persona             text             NOT NULL,
    importance          integer          NOT NULL,
    quality_score       integer          NOT NULL,
    confidence          double precision NOT NULL,
    entities            jsonb            NOT NULL,
    dates               jsonb            NOT NULL,
    people              text[]           NOT NULL,
    tags                text[]           NOT NULL,
    -- null until an embedding has been computed
    embedding           real[],
    batch_ids           text[]           NOT NULL,
    source_message_ids  text[]           NOT NULL,
    reinforcement_count integer          NOT NULL,
    first_seen          timestamptz      NOT NULL,
    last_seen           timestamptz      NOT NULL,
    -- when the retention policy (event time) deletes the row; null = kept until forgotten or evicted
    expires_at          timestamptz,
    -- end of the day after a plan's date; valid_until < now() means the plan's day has passed
    valid_until         timestamptz,
    status              text             NOT NULL,
    superseded_by       text,
    model               text             NOT NULL,
    prompt_version      text             NOT NULL,
    -- When the row was first written. Not an Avro field, so the sink never names it: the upsert's
    -- ON CONFLICT DO UPDATE leaves it as it was, and it keeps the time of the first insert.
    created_at          timestamptz      NOT NULL DEFAULT now()
);

-- A user's memories, the main access path of assistants.
CREATE INDEX IF NOT EXISTS memories_user_id_idx ON memories (user_id);
-- Retrieval filtered or ranked by quality and by persona.
CREATE INDEX IF NOT EXISTS memories_quality_score_idx ON memories (quality_score);
CREATE INDEX IF NOT EXISTS memories_persona_idx ON memories (persona);
-- Time-ordered listings and incremental exports.
CREATE INDEX IF NOT EXISTS memories_first_seen_idx ON memories (first_seen);
CREATE INDEX IF NOT EXISTS memories_created_at_idx ON memories (created_at);
-- Sweeps of expired memories.
CREATE INDEX IF NOT EXISTS memories_expires_at_idx ON memories (expires_at);

-- Columns added after the first release: a table created by an older version gets them here.
ALTER TABLE memories ADD COLUMN IF NOT EXISTS valid_until timestamptz;
-- Upcoming plans of a user: WHERE user_id = ? AND valid_until >= now().
CREATE INDEX IF NOT EXISTS memories_valid_until_idx ON memories (valid_until);
