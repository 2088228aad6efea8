package dev.lorakit.safetensors.lora;

import dev.lorakit.core.checkpoint.CheckpointFormat;
import dev.lorakit.safetensors.Dtype;
import dev.lorakit.safetensors.SafetensorsFile;
import dev.lorakit.safetensors.SafetensorsReader;
import dev.lorakit.safetensors.SafetensorsWriter;
import dev.lorakit.safetensors.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Converts LoRA files between ai-toolkit PEFT keys ({@code diffusion_model.<module>.lora_A/B
 * .weight}) and kohya keys ({@code lora_unet_<module_>.lora_down/up.weight} + {@code .alpha}), the
 * two forms ComfyUI loads for Qwen-Image (safetensors-lora.md §5). Weights are copied byte for
 * byte; metadata is kept. A round trip gives back every weight bit-exactly.
 *
 * <pre>{@code
 * LoraConverter.toKohya(Path.of("maya.safetensors"), Path.of("maya_kohya.safetensors"));
 * }</pre>
 *
 * <p>Alpha: {@link #toKohya} writes one {@code .alpha} scalar per module: the module's alpha tensor
 * copied as is, otherwise its alpha (from metadata or = rank) in the weights' dtype. {@link
 * #toPeft} drops alpha tensors equal to the rank (scale 1, as ai-toolkit writes) and keeps others
 * as {@code diffusion_model.<module>.alpha}, which ComfyUI reads, so the scale is preserved.
 */
public final class LoraConverter {

  private LoraConverter() {}

  /** Writes {@code target} with kohya keys and returns its report. */
  public static CheckpointReport toKohya(Path source, Path target) {
    return convert(source, target, true);
  }

  /** Writes {@code target} with ai-toolkit PEFT keys and returns its report. */
  public static CheckpointReport toPeft(Path source, Path target) {
    return convert(source, target, false);
  }

  private static CheckpointReport convert(Path source, Path target, boolean kohya) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    if (source.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("source and target are the same file: " + source);
    }
    try (SafetensorsFile in = SafetensorsReader.open(source)) {
      CheckpointReport report = LoraInspector.inspect(in);
      if (!report.unrecognizedKeys().isEmpty()) {
        throw new IllegalArgumentException(
            "cannot convert keys that are not LoRA weights, e.g. "
                + report.unrecognizedKeys().get(0));
      }
      SafetensorsWriter w = SafetensorsWriter.create().metadata(report.metadata());
      for (LoraModule m : report.modules()) {
        addModule(in, m, w, kohya);
      }
      w.write(target);
    }
    return LoraInspector.inspect(target);
  }

  private static void addModule(
      SafetensorsFile in, LoraModule m, SafetensorsWriter w, boolean kohya) {
    CheckpointFormat f = m.format();
    if (f == CheckpointFormat.LOHA || f == CheckpointFormat.LOKR || f == CheckpointFormat.UNKNOWN) {
      throw new IllegalArgumentException(
          "module " + m.name() + " is " + f + "; only LoRA down/up modules convert");
    }
    if (m.downTensor().isEmpty() || m.upTensor().isEmpty()) {
      throw new IllegalArgumentException("module " + m.name() + " lacks its down or up weight");
    }
    String alphaName = null;
    for (String t : m.tensorNames()) {
      if (t.equals(m.downTensor().get()) || t.equals(m.upTensor().get())) {
        continue;
      }
      if (t.equals(m.name() + ".alpha")) {
        alphaName = t;
        continue;
      }
      throw new IllegalArgumentException("cannot convert tensor " + t + " (DoRA, bias or mid)");
    }
    String path = dottedPath(m);
    String base = kohya ? "lora_unet_" + path.replace('.', '_') : "diffusion_model." + path;
    TensorInfo down = in.header().tensor(m.downTensor().get()).orElseThrow();
    TensorInfo up = in.header().tensor(m.upTensor().get()).orElseThrow();
    copy(in, down, base + (kohya ? ".lora_down.weight" : ".lora_A.weight"), w);
    copy(in, up, base + (kohya ? ".lora_up.weight" : ".lora_B.weight"), w);
    if (alphaName != null) {
      TensorInfo alpha = in.header().tensor(alphaName).orElseThrow();
      boolean equalsRank =
          m.alpha().isPresent()
              && m.rank().isPresent()
              && m.alpha().getAsDouble() == m.rank().getAsInt();
      if (kohya || !equalsRank) {
        copy(in, alpha, base + ".alpha", w);
      }
    } else if (kohya) {
      double alpha = m.alpha().orElse(m.rank().orElse(1));
      Dtype d = down.dtype();
      Dtype alphaType = d == Dtype.F16 || d == Dtype.BF16 ? d : Dtype.F32;
      w.addFloats(base + ".alpha", alphaType, List.of(), new float[] {(float) alpha});
    }
  }

  private static String dottedPath(LoraModule m) {
    if (m.layer().isPresent()) {
      return m.modulePath();
    }
    if (m.format() == CheckpointFormat.KOHYA && !m.modulePath().contains(".")) {
      throw new IllegalArgumentException(
          "module "
              + m.name()
              + " is not a known Qwen-Image layer, so its dotted name cannot be recovered");
    }
    return m.modulePath();
  }

  private static void copy(SafetensorsFile in, TensorInfo t, String name, SafetensorsWriter w) {
    ByteBuffer data = in.data(t);
    w.add(name, t.dtype(), t.shape(), data);
  }
}
