package dev.lorakit.safetensors.lora;

import dev.lorakit.core.checkpoint.CheckpointFormat;
import dev.lorakit.safetensors.Dtype;
import dev.lorakit.safetensors.SafetensorsFile;
import dev.lorakit.safetensors.SafetensorsReader;
import dev.lorakit.safetensors.SafetensorsWriter;
import dev.lorakit.safetensors.TensorInfo;
import dev.lorakit.safetensors.internal.Floats;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Converts LoRA files between ai-toolkit PEFT keys ({@code diffusion_model.<module>.lora_A/B
 * .weight}) and kohya keys ({@code lora_unet_<module_>.lora_down/up.weight} + {@code .alpha}), the
 * two forms ComfyUI loads for Qwen-Image (safetensors-lora.md §5). Weights are copied byte for
 * byte; metadata is kept. A round trip gives back every weight bit-exactly.
 *
 * <pre>{@code
 * Conversion c = LoraConverter.convert(Path.of("maya.safetensors"),
 *     Path.of("maya_kohya.safetensors"), LoraConverter.Target.KOHYA);
 * c.verified(); // the output loads fully in ComfyUI with the scale c.statedScales() says
 * }</pre>
 *
 * <p>Alpha: {@link Target#KOHYA} writes one {@code .alpha} scalar per module: the module's alpha
 * tensor copied as is, otherwise its alpha (from metadata or = rank) in the weights' dtype. So a
 * file whose alpha is in metadata only gets ComfyUI scale alpha / rank instead of 1 (comfyui.md L9;
 * this matches diffusers' reading), which {@link Conversion#scaleNotes()} says. {@link Target#PEFT}
 * drops alpha tensors equal to the rank (scale 1, as ai-toolkit writes) and keeps others as {@code
 * diffusion_model.<module>.alpha}, which ComfyUI reads, so its scale never changes.
 */
public final class LoraConverter {

  /** The key family to write. */
  public enum Target {
    /** {@code lora_unet_<module_>.lora_down/lora_up.weight} + {@code .alpha} (musubi, kohya). */
    KOHYA,
    /** {@code diffusion_model.<module>.lora_A/lora_B.weight} (ai-toolkit). */
    PEFT
  }

  private LoraConverter() {}

  /** Writes {@code target} with kohya keys and returns its report. */
  public static CheckpointReport toKohya(Path source, Path target) {
    return convert(source, target, Target.KOHYA).output();
  }

  /** Writes {@code target} with ai-toolkit PEFT keys and returns its report. */
  public static CheckpointReport toPeft(Path source, Path target) {
    return convert(source, target, Target.PEFT).output();
  }

  /**
   * Writes {@code target} in the {@code to} family, inspects it and says what changed.
   *
   * @throws IllegalArgumentException when the source has modules that cannot convert (LoHa, LoKr,
   *     DoRA, biases, keys that are no LoRA weights, an incomplete module)
   */
  public static Conversion convert(Path source, Path target, Target to) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(to, "to");
    if (source.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("source and target are the same file: " + source);
    }
    boolean kohya = to == Target.KOHYA;
    CheckpointReport report;
    Map<Double, Integer> stated = new TreeMap<>();
    int changed = 0;
    int fromMetadata = 0;
    try (SafetensorsFile in = SafetensorsReader.open(source)) {
      report = LoraInspector.inspect(in);
      if (!report.unrecognizedKeys().isEmpty()) {
        throw new IllegalArgumentException(
            "cannot convert keys that are not LoRA weights, e.g. "
                + report.unrecognizedKeys().get(0));
      }
      SafetensorsWriter w = SafetensorsWriter.create().metadata(report.metadata());
      for (LoraModule m : report.modules()) {
        double after = addModule(in, m, w, kohya);
        // load_lora's scale of the source: alpha tensor / rank, else 1 (weight_adapter/lora.py
        // 174-177); metadata is never read.
        double before =
            m.alphaSource().orElse(null) == AlphaSource.TENSOR ? m.scale().orElse(1) : 1;
        stated.merge(after, 1, Integer::sum);
        if (after != before) {
          changed++;
          if (m.alphaSource().orElse(null) == AlphaSource.METADATA) {
            fromMetadata++;
          }
        }
      }
      w.write(target);
    }
    List<String> notes = new ArrayList<>();
    if (fromMetadata > 0) {
      notes.add(
          String.format(
              Locale.ROOT,
              "%d modules had their alpha in metadata only, which ComfyUI ignores (scale 1);"
                  + " the output has .alpha tensors, so ComfyUI now applies alpha / rank as"
                  + " diffusers does",
              fromMetadata));
    }
    if (changed > fromMetadata) {
      notes.add(
          String.format(Locale.ROOT, "%d modules got a new alpha tensor", changed - fromMetadata));
    }
    return Conversion.builder()
        .target(to)
        .input(report)
        .output(LoraInspector.inspect(target))
        .statedScales(stated)
        .modulesWithNewScale(changed)
        .scaleNotes(notes)
        .build();
  }

  /** Adds one module and returns the scale ComfyUI will apply to it in the output. */
  private static double addModule(
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
    long rank = down.dim(0);
    if (alphaName != null) {
      TensorInfo alpha = in.header().tensor(alphaName).orElseThrow();
      if (alpha.elementCount() != 1) {
        throw new IllegalArgumentException(
            "alpha " + alphaName + " has " + alpha.elementCount() + " elements, not 1");
      }
      boolean equalsRank =
          m.alpha().isPresent()
              && m.rank().isPresent()
              && m.alpha().getAsDouble() == m.rank().getAsInt();
      if (kohya || !equalsRank) {
        copy(in, alpha, base + ".alpha", w);
        return (double) in.tensor(alphaName).toFloatArray()[0] / rank;
      }
      return 1.0;
    } else if (kohya) {
      double alpha = m.alpha().orElse(m.rank().orElse(1));
      Dtype d = down.dtype();
      Dtype alphaType = d == Dtype.F16 || d == Dtype.BF16 ? d : Dtype.F32;
      float[] value = {(float) alpha};
      w.addFloats(base + ".alpha", alphaType, List.of(), value);
      // What ComfyUI will read back: the value rounded to the alpha's dtype.
      float[] stored = new float[1];
      Floats.decode(SafetensorsWriter.encode(alphaType, value), alphaType, stored, 0, 1);
      return (double) stored[0] / rank;
    }
    return 1.0;
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
