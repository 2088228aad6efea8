package dev.lorakit.runpod.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.deser.std.ReferenceTypeDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.Serializers;
import com.fasterxml.jackson.databind.ser.std.ReferenceTypeSerializer;
import com.fasterxml.jackson.databind.type.ReferenceType;
import com.fasterxml.jackson.databind.type.TypeBindings;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.type.TypeModifier;
import com.fasterxml.jackson.databind.util.NameTransformer;
import java.lang.reflect.Type;
import java.util.Optional;

/**
 * The one Jackson configuration of {@code lora-runpod}.
 *
 * <p>It tolerates unknown properties and unknown enum values (they become {@code UNKNOWN}), treats
 * JSON {@code null} for a collection as empty, and supports {@link Optional} itself: the module may
 * depend on jackson-databind only, so the few lines of {@code jackson-datatype-jdk8} that lorakit
 * needs live here.
 */
public final class Json {

  private static final ObjectMapper MAPPER = create();

  private Json() {}

  /** The shared, thread-safe mapper. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper create() {
    SimpleModule optionalModule =
        new SimpleModule("lorakit-optional") {
          private static final long serialVersionUID = 1L;

          @Override
          public void setupModule(SetupContext context) {
            super.setupModule(context);
            context.addTypeModifier(new OptionalTypeModifier());
            context.addSerializers(new OptionalSerializers());
            context.addDeserializers(new OptionalDeserializers());
          }
        };
    return JsonMapper.builder()
        .addModule(optionalModule)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .defaultPropertyInclusion(
            JsonInclude.Value.construct(
                JsonInclude.Include.NON_ABSENT, JsonInclude.Include.NON_ABSENT))
        .withConfigOverride(
            java.util.List.class,
            o ->
                o.setSetterInfo(
                    com.fasterxml.jackson.annotation.JsonSetter.Value.forValueNulls(
                        com.fasterxml.jackson.annotation.Nulls.AS_EMPTY)))
        .withConfigOverride(
            java.util.Map.class,
            o ->
                o.setSetterInfo(
                    com.fasterxml.jackson.annotation.JsonSetter.Value.forValueNulls(
                        com.fasterxml.jackson.annotation.Nulls.AS_EMPTY)))
        .build();
  }

  private static final class OptionalTypeModifier extends TypeModifier
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public JavaType modifyType(
        JavaType type, Type jdkType, TypeBindings bindings, TypeFactory typeFactory) {
      if (type.isReferenceType() || type.isContainerType()) {
        return type;
      }
      if (type.getRawClass() == Optional.class) {
        return ReferenceType.upgradeFrom(type, type.containedTypeOrUnknown(0));
      }
      return type;
    }
  }

  private static final class OptionalSerializers extends Serializers.Base
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public JsonSerializer<?> findReferenceSerializer(
        SerializationConfig config,
        ReferenceType refType,
        BeanDescription beanDesc,
        TypeSerializer contentTypeSerializer,
        JsonSerializer<Object> contentValueSerializer) {
      if (refType.getRawClass() == Optional.class) {
        boolean staticTyping =
            contentTypeSerializer == null
                && config.isEnabled(com.fasterxml.jackson.databind.MapperFeature.USE_STATIC_TYPING);
        return new OptionalSerializer(
            refType, staticTyping, contentTypeSerializer, contentValueSerializer);
      }
      return null;
    }
  }

  private static final class OptionalDeserializers extends Deserializers.Base
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public JsonDeserializer<?> findReferenceDeserializer(
        ReferenceType refType,
        DeserializationConfig config,
        BeanDescription beanDesc,
        TypeDeserializer contentTypeDeserializer,
        JsonDeserializer<?> contentDeserializer) {
      if (refType.hasRawClass(Optional.class)) {
        return new OptionalDeserializer(refType, contentTypeDeserializer, contentDeserializer);
      }
      return null;
    }
  }

  private static final class OptionalSerializer extends ReferenceTypeSerializer<Optional<?>> {
    private static final long serialVersionUID = 1L;

    OptionalSerializer(
        ReferenceType fullType,
        boolean staticTyping,
        TypeSerializer vts,
        JsonSerializer<Object> ser) {
      super(fullType, staticTyping, vts, ser);
    }

    private OptionalSerializer(
        OptionalSerializer base,
        BeanProperty property,
        TypeSerializer vts,
        JsonSerializer<?> valueSer,
        NameTransformer unwrapper,
        Object suppressableValue,
        boolean suppressNulls) {
      super(base, property, vts, valueSer, unwrapper, suppressableValue, suppressNulls);
    }

    @Override
    protected ReferenceTypeSerializer<Optional<?>> withResolved(
        BeanProperty prop,
        TypeSerializer vts,
        JsonSerializer<?> valueSer,
        NameTransformer unwrapper) {
      return new OptionalSerializer(
          this, prop, vts, valueSer, unwrapper, _suppressableValue, _suppressNulls);
    }

    @Override
    public ReferenceTypeSerializer<Optional<?>> withContentInclusion(
        Object suppressableValue, boolean suppressNulls) {
      return new OptionalSerializer(
          this,
          _property,
          _valueTypeSerializer,
          _valueSerializer,
          _unwrapper,
          suppressableValue,
          suppressNulls);
    }

    @Override
    protected boolean _isValuePresent(Optional<?> value) {
      return value.isPresent();
    }

    @Override
    protected Object _getReferenced(Optional<?> value) {
      return value.get();
    }

    @Override
    protected Object _getReferencedIfPresent(Optional<?> value) {
      return value.orElse(null);
    }
  }

  private static final class OptionalDeserializer extends ReferenceTypeDeserializer<Optional<?>> {
    private static final long serialVersionUID = 1L;

    OptionalDeserializer(JavaType fullType, TypeDeserializer typeDeser, JsonDeserializer<?> deser) {
      super(fullType, null, typeDeser, deser);
    }

    @Override
    protected ReferenceTypeDeserializer<Optional<?>> withResolved(
        TypeDeserializer typeDeser, JsonDeserializer<?> valueDeser) {
      return new OptionalDeserializer(_fullType, typeDeser, valueDeser);
    }

    @Override
    public Optional<?> getNullValue(DeserializationContext ctxt) {
      return Optional.empty();
    }

    @Override
    public Object getEmptyValue(DeserializationContext ctxt) {
      return Optional.empty();
    }

    @Override
    public Optional<?> referenceValue(Object contents) {
      return Optional.ofNullable(contents);
    }

    @Override
    public Optional<?> updateReference(Optional<?> reference, Object contents) {
      return Optional.ofNullable(contents);
    }

    @Override
    public Object getReferenced(Optional<?> reference) {
      return reference.orElse(null);
    }
  }
}
