package fr.intrascol.sync.app.privacy.sealing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import fr.intrascol.sync.app.privacy.keys.PersonKeys;
import fr.intrascol.sync.message.value.Login;
import fr.intrascol.sync.message.value.PersonName;
import fr.intrascol.sync.message.value.PersonalData;
import fr.intrascol.sync.message.value.PersonalSubject;

import java.io.IOException;
import java.util.Base64;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The Jackson module of Axon's serializers (events, snapshots, messages) that never writes a person's
 * data in clear. A {@link PersonalData}, {@link PersonName} or {@link Login} is written as
 * {@code {"sealed": base64, "subject": id}}: its plain JSON encrypted under the data key of the person it
 * belongs to, the {@link PersonalSubject} being serialized around it (an account event, an account in the
 * School's snapshot). An erased person's placeholder is written {@code {"erased": true}} (no key needed).
 * Reading gives the value back, or the « [effacé] » placeholder once the key is destroyed; values that
 * stores of earlier versions wrote in clear are still read as they are (docs/privacy.md, "Earlier stores").
 * A personal value met outside any subject is refused: that would be a leak.
 *
 * <p>The one exception is the benchmark's « before encryption » baseline: while its {@link SealingMode}
 * is off (only possible in {@code bench}, on a throw-away data folder), the values are written in clear,
 * as the plain JSON that would have been sealed, i.e. what earlier versions wrote.
 */
public final class SealedPersonalDataModule extends SimpleModule {

    /** The person whose values are being written, set while a {@link PersonalSubject} is serialized. */
    private static final ThreadLocal<String> SUBJECT = new ThreadLocal<>();

    /** Reads and writes the values themselves, in clear, inside the sealed envelope. */
    private static final ObjectMapper PLAIN = new ObjectMapper().registerModule(new JavaTimeModule());

    public SealedPersonalDataModule(Supplier<PersonKeys> keys) {
        this(keys, () -> true);
    }

    /** @param sealing false while the benchmark's baseline writes in clear ({@link SealingMode}) */
    public SealedPersonalDataModule(Supplier<PersonKeys> keys, BooleanSupplier sealing) {
        super("intrascol-sealed-personal-data");
        addSerializer(PersonalData.class, new SealingSerializer<>(PersonalData.class, keys, sealing,
                PersonalData::isErased));
        addSerializer(PersonName.class, new SealingSerializer<>(PersonName.class, keys, sealing, PersonName::isErased));
        addSerializer(Login.class, new SealingSerializer<>(Login.class, keys, sealing, Login::isErased));
        addDeserializer(PersonalData.class, new OpeningDeserializer<>(PersonalData.class, keys, PersonalData.ERASED));
        addDeserializer(PersonName.class, new OpeningDeserializer<>(PersonName.class, keys, PersonName.ERASED));
        addDeserializer(Login.class, new OpeningDeserializer<>(Login.class, keys, Login.ERASED));
        setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                                                      JsonSerializer<?> serializer) {
                return PersonalSubject.class.isAssignableFrom(description.getBeanClass())
                        ? new SubjectScope(serializer) : serializer;
            }
        });
    }

    /** Sets the subject while its bean is written; subjects nest (the innermost wins) and are restored. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final class SubjectScope extends JsonSerializer<Object>
            implements ContextualSerializer, ResolvableSerializer {
        private final JsonSerializer delegate;

        SubjectScope(JsonSerializer<?> delegate) {
            this.delegate = delegate;
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            String previous = SUBJECT.get();
            SUBJECT.set(((PersonalSubject) value).personalSubject());
            try {
                delegate.serialize(value, gen, provider);
            } finally {
                restore(previous);
            }
        }

        @Override
        public void serializeWithType(Object value, JsonGenerator gen, SerializerProvider provider,
                                      TypeSerializer typeSerializer) throws IOException {
            String previous = SUBJECT.get();
            SUBJECT.set(((PersonalSubject) value).personalSubject());
            try {
                delegate.serializeWithType(value, gen, provider, typeSerializer);
            } finally {
                restore(previous);
            }
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
                throws JsonMappingException {
            JsonSerializer<?> contextual = delegate instanceof ContextualSerializer c
                    ? c.createContextual(provider, property) : delegate;
            return contextual == delegate ? this : new SubjectScope(contextual);
        }

        @Override
        public void resolve(SerializerProvider provider) throws JsonMappingException {
            if (delegate instanceof ResolvableSerializer r) {
                r.resolve(provider);
            }
        }

        @Override
        public Class<Object> handledType() {
            return delegate.handledType();
        }

        private static void restore(String previous) {
            if (previous == null) {
                SUBJECT.remove();
            } else {
                SUBJECT.set(previous);
            }
        }
    }

    private static final class SealingSerializer<T> extends JsonSerializer<T> {
        private final Class<T> type;
        private final Supplier<PersonKeys> keys;
        private final BooleanSupplier sealing;
        private final java.util.function.Predicate<T> erased;

        SealingSerializer(Class<T> type, Supplier<PersonKeys> keys, BooleanSupplier sealing,
                          java.util.function.Predicate<T> erased) {
            this.type = type;
            this.keys = keys;
            this.sealing = sealing;
            this.erased = erased;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (erased.test(value)) {
                gen.writeStartObject();
                gen.writeBooleanField("erased", true);
            } else {
                String subject = SUBJECT.get();
                if (subject == null) {
                    throw JsonMappingException.from(provider, "A " + type.getSimpleName() + " is about to be written"
                            + " outside any person (PersonalSubject): refusing to store personal data in clear");
                }
                if (!sealing.getAsBoolean()) {
                    PLAIN.writeValue(gen, value); // the benchmark's clear baseline only (SealingMode)
                    return;
                }
                gen.writeStartObject();
                byte[] sealed = keys.get().seal(subject, PLAIN.writeValueAsBytes(value));
                gen.writeStringField("sealed", Base64.getEncoder().encodeToString(sealed));
                gen.writeStringField("subject", subject);
            }
            gen.writeEndObject();
        }

        @Override
        public Class<T> handledType() {
            return type;
        }
    }

    private static final class OpeningDeserializer<T> extends JsonDeserializer<T> {
        private final Class<T> type;
        private final Supplier<PersonKeys> keys;
        private final T erasedValue;

        OpeningDeserializer(Class<T> type, Supplier<PersonKeys> keys, T erasedValue) {
            this.type = type;
            this.keys = keys;
            this.erasedValue = erasedValue;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            if (node.isObject() && node.has("erased")) {
                return erasedValue;
            }
            if (node.isObject() && node.has("sealed")) {
                byte[] sealed = Base64.getDecoder().decode(node.get("sealed").asText());
                Optional<byte[]> plain = keys.get().open(node.get("subject").asText(), sealed);
                return plain.isEmpty() ? erasedValue : PLAIN.readValue(plain.get(), type);
            }
            return PLAIN.treeToValue(node, type); // written in clear by an earlier version
        }

        @Override
        public T getNullValue(DeserializationContext context) {
            return null;
        }

        @Override
        public Class<?> handledType() {
            return type;
        }
    }
}
