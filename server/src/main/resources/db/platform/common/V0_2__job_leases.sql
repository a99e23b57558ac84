-- Cluster-once jobs: the node named in holder runs the job until `until` (epoch ms) unless it renews.
-- Taken and renewed by one conditional upsert, so at most one node holds a name at a time.
CREATE TABLE job_leases (
    name   TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until  BIGINT NOT NULL
);
