package dev.lorakit.safetensors.lora;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * What {@link LoraConverter#convert} wrote: the reports of input and output, the ComfyUI strength
 * scale the converter states for the output, and whether the output, inspected after writing, loads
 * fully in ComfyUI with exactly that scale.
 *
 * <pre>{@code
 * Conversion c = LoraConverter.convert(in, out, LoraConverter.Target.KOHYA);
 * c.scaleChanged(); // true for a PEFT file whose alpha is in metadata only (comfyui.md L9)
 * c.verified();     // the output loads fully with c.statedScales()
 * }</pre>
 */
@Value.Immutable
public abstract class Conversion {

  public abstract LoraConverter.Target target();

  /** The source file as the inspector read it. */
  public abstract CheckpointReport input();

  /** The written file as the inspector read it back. */
  public abstract CheckpointReport output();

  /** ComfyUI's scale per module of the output, as the converter wrote it: scale -> modules. */
  public abstract Map<Double, Integer> statedScales();

  /** Modules whose ComfyUI scale differs between input and output. */
  public abstract int modulesWithNewScale();

  /** Why the scale changed, one lower-case sentence per cause; empty when it did not. */
  public abstract List<String> scaleNotes();

  /** Whether ComfyUI applies another strength scale to the output than to the input. */
  public boolean scaleChanged() {
    return modulesWithNewScale() > 0;
  }

  /** The stated scale when every module has the same one. */
  public OptionalDouble statedScale() {
    return statedScales().size() == 1
        ? OptionalDouble.of(statedScales().keySet().iterator().next())
        : OptionalDouble.empty();
  }

  /** Whether the output loads fully in ComfyUI and with exactly the stated scales. */
  public boolean verified() {
    return output().comfyUi().loadsFully() && output().comfyUi().scales().equals(statedScales());
  }

  public static ImmutableConversion.Builder builder() {
    return ImmutableConversion.builder();
  }
}
