package fr.intrascol.sync.app.archive;

import fr.intrascol.sync.app.audit.EventChain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each school's chain head (its last event's {@code chain_hash}) as events go by in {@code global_index}
 * order, and one digest of them all: export and import print it, and equal digests mean every school's
 * chain ends on the same hash in both stores. A few dozen bytes per school, whatever the number of events.
 */
final class ChainHeads {

    private record Head(long sequence, byte[] hash) {
    }

    private final Map<String, Head> heads = new TreeMap<>();

    /**
     * Checks that a stored event still matches its {@code chain_hash} (the formula of migration V6,
     * recomputed by {@link EventChain#hash}) and follows its school's previous event; then records it as
     * the head. Answers what is wrong, or null. An event without a hash (stored before V6) is not checked.
     */
    String verifyAndAdvance(ArchivedEvent event) {
        Head previous = heads.get(event.aggregateIdentifier());
        long expectedSequence = previous == null ? 0 : previous.sequence() + 1;
        String problem = null;
        if (event.sequenceNumber() != expectedSequence) {
            problem = "event " + expectedSequence + " of school " + event.aggregateIdentifier()
                    + " is missing (the next one stored is " + event.sequenceNumber() + ")";
        } else if (event.chainHash() != null) {
            byte[] expected = EventChain.hash(previous == null || previous.hash() == null ? new byte[0]
                            : previous.hash(), event.sequenceNumber(), event.aggregateIdentifier(),
                    event.eventIdentifier(), event.payloadType(), event.timeStamp(), event.payload(), event.metaData());
            if (!Arrays.equals(expected, event.chainHash())) {
                problem = event.describe() + " does not match the hash stored when it was written";
            }
        }
        advance(event.aggregateIdentifier(), event.sequenceNumber(), event.chainHash());
        return problem;
    }

    void advance(String aggregate, long sequence, byte[] hash) {
        heads.merge(aggregate, new Head(sequence, hash), (old, now) -> now.sequence() > old.sequence() ? now : old);
    }

    /** How many schools (chains) have events. */
    int count() {
        return heads.size();
    }

    /**
     * SHA-256 of the lines {@code <UAI> <head hash hex>\n}, in UAI order (a school whose last event has no
     * hash shows {@code -}). The same value as this SQL on a store (docs/operations.md):
     * <pre>
     * SELECT encode(sha256(convert_to(string_agg(aggregate_identifier || ' '
     *        || coalesce(encode(chain_hash, 'hex'), '-') || chr(10), ''
     *        ORDER BY aggregate_identifier COLLATE "C"), 'UTF8')), 'hex')
     * FROM (SELECT DISTINCT ON (aggregate_identifier) aggregate_identifier, chain_hash FROM domain_event_entry
     *       ORDER BY aggregate_identifier, sequence_number DESC) heads;
     * </pre>
     */
    String digest() {
        MessageDigest digest = EventArchiveWriter.sha256();
        for (Map.Entry<String, Head> entry : heads.entrySet()) {
            byte[] hash = entry.getValue().hash();
            digest.update((entry.getKey() + " " + (hash == null ? "-" : HexFormat.of().formatHex(hash)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
