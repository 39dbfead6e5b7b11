-- Tamper evidence: each school's events form a hash chain. Every event row gets, as it is inserted,
-- chain_hash = SHA-256(previous event's chain_hash || its own sequence, identifiers, type, timestamp,
-- payload and metadata), each field prefixed with its length. Editing a stored event afterwards
-- does not re-run this trigger, so recomputing the chain (GET /api/schools/{uai}/audit/verify)
-- points at the first event that no longer matches. The formula is repeated in EventChain.java.
ALTER TABLE domain_event_entry ADD COLUMN chain_hash BYTEA;

CREATE FUNCTION domain_event_chain() RETURNS trigger AS $$
DECLARE
    previous BYTEA;
BEGIN
    IF NEW.sequence_number > 0 THEN
        SELECT chain_hash INTO previous FROM domain_event_entry
        WHERE aggregate_identifier = NEW.aggregate_identifier AND sequence_number = NEW.sequence_number - 1;
    END IF;
    NEW.chain_hash := sha256(
        coalesce(previous, ''::bytea)
        || int8send(NEW.sequence_number)
        || int4send(octet_length(convert_to(NEW.aggregate_identifier, 'UTF8'))) || convert_to(NEW.aggregate_identifier, 'UTF8')
        || int4send(octet_length(convert_to(NEW.event_identifier, 'UTF8'))) || convert_to(NEW.event_identifier, 'UTF8')
        || int4send(octet_length(convert_to(NEW.payload_type, 'UTF8'))) || convert_to(NEW.payload_type, 'UTF8')
        || int4send(octet_length(convert_to(NEW.time_stamp, 'UTF8'))) || convert_to(NEW.time_stamp, 'UTF8')
        || int4send(octet_length(NEW.payload)) || NEW.payload
        || int4send(coalesce(octet_length(NEW.meta_data), 0)) || coalesce(NEW.meta_data, ''::bytea));
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER domain_event_chain BEFORE INSERT ON domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION domain_event_chain();
