-- +goose Up
-- The assistant's knowledge base and conversations. Times are Unix
-- milliseconds; examples are a JSON array of strings.
CREATE TABLE kb_entries (
    id         INTEGER PRIMARY KEY,
    lang       TEXT    NOT NULL DEFAULT '',
    question   TEXT    NOT NULL,
    answer     TEXT    NOT NULL,
    examples   TEXT    NOT NULL DEFAULT '[]',
    handover   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- one row: bumped by every change to kb_entries
CREATE TABLE kb_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO kb_version (id, version) VALUES (1, 0);

CREATE TABLE assistant_messages (
    id              INTEGER PRIMARY KEY,
    conversation_id TEXT    NOT NULL,
    customer_id     TEXT    NOT NULL DEFAULT '',
    role            TEXT    NOT NULL,
    text            TEXT    NOT NULL,
    entry_id        INTEGER NOT NULL DEFAULT 0,
    confidence      REAL    NOT NULL DEFAULT 0,
    handover        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL
);
CREATE INDEX assistant_messages_conversation ON assistant_messages (conversation_id, id);

-- +goose Down
DROP TABLE assistant_messages;
DROP TABLE kb_version;
DROP TABLE kb_entries;
