package app.cloak.shared;

/**
 * Marks a domain event (a record in the past tense, carrying ids) as durable: published in the business
 * transaction, it is kept in the outbox and delivered after commit, at least once, to every consumer
 * registered for it (platform.eventbus, docs/adr/0002-event-lanes.md). Its JSON form is its wire form,
 * so rename or remove fields only as a compatible change.
 */
public interface DurableEvent {}
