-- Per-creator fairness of the outbox relay: a job row names its creator, and the relay publishes at most
-- reelpipe.outbox.max-in-flight-per-creator jobs of one creator to one queue (exchange and routing key) that are in
-- flight, taking creators round-robin, so one creator's bulk upload cannot starve everybody (docs/architecture.md).
-- Rows without a creator (non-job messages, rows written before this migration) are never held back. Old rows are all
-- sent, so there is nothing to backfill, and the partial indexes below start empty.

ALTER TABLE outbox ADD COLUMN fair_key text;

-- Unsent rows by creator and queue, oldest first: the relay's skip scan over the (creator, queue) groups that have
-- unsent rows, each group's oldest unsent rows, and the held-back rows gauge.
CREATE INDEX outbox_unsent_fair ON outbox (fair_key, exchange, routing_key, id) WHERE sent_at IS NULL;

-- Sent job rows by creator and queue and time: a group's rows published within the in-flight lease, whose jobs the
-- relay then looks up to see which have not finished.
CREATE INDEX outbox_sent_fair ON outbox (fair_key, exchange, routing_key, sent_at)
    WHERE fair_key IS NOT NULL AND sent_at IS NOT NULL;
