-- A user's notification choices. previews: 1 = notifications may carry the chat name and a short preview of the
-- newest message's text (never for a chat cloaked for the user, never for view-once media); 0 (the default, also
-- when there is no row) = ids and the sender's name only.
CREATE TABLE push_preferences (
    user_id  TEXT PRIMARY KEY,
    previews INTEGER NOT NULL
);
