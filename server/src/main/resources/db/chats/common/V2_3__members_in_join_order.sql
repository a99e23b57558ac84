-- A chat's members in the order they joined, straight from one index: the send path asks for them on every
-- message (who may post, who gets it). Before, each read looked up the key, then every member's row, then sorted.
CREATE INDEX chat_members_in_order ON chat_members (chat_id, joined_at, user_id, role);
