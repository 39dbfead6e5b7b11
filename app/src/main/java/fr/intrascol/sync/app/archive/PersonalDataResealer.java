package fr.intrascol.sync.app.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.intrascol.sync.message.event.ImportPlanned;
import fr.intrascol.sync.message.event.ImportRolledBack;
import fr.intrascol.sync.message.value.Login;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.PersonalData;
import fr.intrascol.sync.message.value.PersonalSubject;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The one-time migration of stores written before crypto-shredding, done by the archive import: an event
 * whose payload holds personal data in clear is deserialized with Axon's event serializer (which still
 * reads clear values) and serialized again (which seals them under the person's data key, created in the
 * new home when the person has none). Which events:
 * <ul>
 *   <li>an event that is a {@link PersonalSubject} (an account event) with a {@link PersonalData},
 *       {@link PersonName} or {@link Login} field written as plain JSON rather than
 *       {@code {"sealed":…}} or {@code {"erased":true}} ({@code AccountCreated},
 *       {@code AccountNamesCorrected}); when the person was erased (a tombstone among the archive's keys),
 *       those values become {@code {"erased":true}} instead, so that an erasure is never undone;</li>
 *   <li>{@code ImportPlanned} of earlier versions, which held the uploaded rows, their problems and the
 *       plan: those fields are dropped (the current event has none of them), the plan's counts
 *       ({@code summary}, {@code massDeparture}, {@code olderFile}) kept;</li>
 *   <li>{@code ImportRolledBack} of earlier versions, whose conflicts named accounts by login too: the
 *       logins are set to null (accounts stay named by id).</li>
 * </ul>
 * Any other event is kept byte for byte, and so is every event's metadata. A payload type this build does
 * not know is kept as it is.
 */
@Component
public class PersonalDataResealer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Class<?>> PERSONAL_VALUES = Set.of(PersonalData.class, PersonName.class, Login.class);
    /** Fields of earlier versions' {@code ImportPlanned} that held personal data. */
    private static final List<String> FORMER_PLAN_FIELDS = List.of("rows", "problems", "plan");
    /** The counts an earlier {@code ImportPlanned} kept inside its plan. */
    private static final List<String> PLAN_COUNTS = List.of("summary", "massDeparture", "olderFile");

    private final Serializer serializer;
    private final Map<String, Shape> shapes = new ConcurrentHashMap<>();

    public PersonalDataResealer(@Qualifier("eventSerializer") Serializer serializer) {
        this.serializer = serializer;
    }

    /** A payload sealed again. */
    public record Resealed(byte[] payload, String payloadRevision) {
    }

    /** What a payload type may hold in clear. */
    private record Shape(List<String> personalFields, boolean importPlanned, boolean importRolledBack) {
        static final Shape NONE = new Shape(List.of(), false, false);

        boolean none() {
            return personalFields.isEmpty() && !importPlanned && !importRolledBack;
        }
    }

    /**
     * The event's payload with its personal data sealed, or null when it holds none in clear (keep it as
     * it is).
     *
     * @param erased whether a subject (an account id) was erased: its values are written erased, not sealed
     * @throws ArchiveException when the payload cannot be read or sealed
     */
    public Resealed reseal(ArchivedEvent event, Predicate<String> erased) throws ArchiveException {
        Shape shape = shapes.computeIfAbsent(event.payloadType(), PersonalDataResealer::shapeOf);
        if (shape.none()) {
            return null;
        }
        ObjectNode tree;
        try {
            JsonNode node = JSON.readTree(event.payload());
            if (!(node instanceof ObjectNode object)) {
                return null;
            }
            tree = object;
        } catch (IOException e) {
            return null; // not JSON: not written by this application's serializer; kept as it is
        }
        if (!inClear(tree, shape)) {
            return null;
        }
        try {
            if (shape.importPlanned()) {
                dropFormerPlanFields(tree);
            }
            if (shape.importRolledBack()) {
                for (JsonNode conflict : tree.path("conflicts")) {
                    if (conflict instanceof ObjectNode object && object.has("login")) {
                        object.putNull("login");
                    }
                }
            }
            Object payload = deserialize(tree, event);
            if (payload instanceof PersonalSubject subject && erased.test(subject.personalSubject())) {
                for (String field : shape.personalFields()) {
                    JsonNode value = tree.get(field);
                    if (value != null && !value.isNull()) {
                        tree.putObject(field).put("erased", true);
                    }
                }
                payload = deserialize(tree, event);
            }
            SerializedObject<byte[]> serialized = serializer.serialize(payload, byte[].class);
            if (!event.payloadType().equals(serialized.getType().getName())) {
                throw new IllegalStateException("it serializes as " + serialized.getType().getName());
            }
            return new Resealed(serialized.getData(), serialized.getType().getRevision());
        } catch (RuntimeException | JsonProcessingException e) {
            throw new ArchiveException("Could not seal the personal data of " + event.describe() + ", written in"
                    + " clear by an earlier version: " + e.getMessage(), e);
        }
    }

    private Object deserialize(ObjectNode tree, ArchivedEvent event) throws JsonProcessingException {
        return serializer.deserialize(new SimpleSerializedObject<>(JSON.writeValueAsBytes(tree), byte[].class,
                event.payloadType(), event.payloadRevision()));
    }

    /** Whether the payload holds personal data the current version would not write in clear. */
    private static boolean inClear(ObjectNode tree, Shape shape) {
        for (String field : shape.personalFields()) {
            JsonNode value = tree.get(field);
            if (value != null && !value.isNull()
                    && !(value.isObject() && (value.has("sealed") || value.has("erased")))) {
                return true;
            }
        }
        if (shape.importPlanned()) {
            for (String field : FORMER_PLAN_FIELDS) {
                if (tree.has(field) && !tree.get(field).isNull()) {
                    return true;
                }
            }
        }
        if (shape.importRolledBack()) {
            for (JsonNode conflict : tree.path("conflicts")) {
                if (conflict.hasNonNull("login")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Drops the rows, problems and plan; keeps the plan's counts where the current event has them. */
    private static void dropFormerPlanFields(ObjectNode tree) {
        JsonNode plan = tree.get("plan");
        if (plan != null && plan.isObject()) {
            for (String field : PLAN_COUNTS) {
                if ((!tree.has(field) || tree.get(field).isNull()) && plan.has(field)) {
                    tree.set(field, plan.get(field));
                }
            }
        }
        FORMER_PLAN_FIELDS.forEach(tree::remove);
    }

    private static Shape shapeOf(String payloadType) {
        Class<?> type;
        try {
            type = Class.forName(payloadType, false, PersonalDataResealer.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return Shape.NONE; // an event this build does not know: carried as it is
        }
        List<String> personal = new ArrayList<>();
        if (type.isRecord() && PersonalSubject.class.isAssignableFrom(type)) {
            for (RecordComponent component : Objects.requireNonNull(type.getRecordComponents())) {
                if (PERSONAL_VALUES.contains(component.getType())) {
                    personal.add(component.getName());
                }
            }
        }
        return new Shape(List.copyOf(personal), type == ImportPlanned.class, type == ImportRolledBack.class);
    }
}
