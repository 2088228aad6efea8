package dev.lorakit.safetensors;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The validated header of a safetensors file: metadata and tensor table, without the data.
 *
 * <pre>{@code
 * SafetensorsHeader h = SafetensorsReader.readHeader(Path.of("lora.safetensors"));
 * h.tensors().size(); // 1680
 * h.metadata().get("ss_base_model_version"); // "qwen_image"
 * }</pre>
 */
@Value.Immutable
public abstract class SafetensorsHeader {

  /** N, the JSON header length in bytes as declared in the first 8 bytes. */
  public abstract long headerLength();

  /** Total file (or buffer) length in bytes. */
  public abstract long fileSize();

  /** {@code __metadata__}, string to string, in file order; empty when absent. */
  public abstract Map<String, String> metadata();

  /** Tensors in the order they appear in the JSON header. */
  public abstract List<TensorInfo> tensors();

  /** Absolute position of the data section: {@code 8 + N}. */
  public long dataStart() {
    return 8 + headerLength();
  }

  /** Bytes of tensor data: the file minus {@code 8 + N}. */
  public long dataLength() {
    return fileSize() - dataStart();
  }

  @Value.Lazy
  Map<String, TensorInfo> byName() {
    Map<String, TensorInfo> map = new HashMap<>(tensors().size() * 2);
    for (TensorInfo t : tensors()) {
      map.put(t.name(), t);
    }
    return map;
  }

  public Optional<TensorInfo> tensor(String name) {
    return Optional.ofNullable(byName().get(name));
  }

  public static ImmutableSafetensorsHeader.Builder builder() {
    return ImmutableSafetensorsHeader.builder();
  }
}
