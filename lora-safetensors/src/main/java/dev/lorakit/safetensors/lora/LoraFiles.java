package dev.lorakit.safetensors.lora;

import dev.lorakit.safetensors.Dtype;
import dev.lorakit.safetensors.SafetensorsWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Writes synthetic but realistic Qwen-Image LoRA files, with the keys, shapes, dtypes and metadata
 * the trainers write (safetensors-lora.md §3), and seeded random weights. For tests, demos and
 * benchmarks of tools built on lorakit.
 *
 * <pre>{@code
 * Path lora = LoraFiles.qwen().rank(16).step(340).epoch(4).write(dir.resolve("maya_000000340.safetensors"));
 * LoraInspector.inspect(lora).moduleCount(); // 840
 * }</pre>
 */
public final class LoraFiles {

  /** Which trainer's layout to imitate. */
  public enum KeyStyle {
    /** ai-toolkit: {@code diffusion_model.<module>.lora_A/lora_B.weight}, no alpha tensors. */
    AI_TOOLKIT,
    /** musubi-tuner: {@code lora_unet_<module_>.lora_down/lora_up.weight} plus {@code .alpha}. */
    MUSUBI
  }

  private LoraFiles() {}

  /** A builder for a Qwen-Image LoRA; defaults: ai-toolkit, rank 16, F16, 60 blocks x 14 layers. */
  public static Builder qwen() {
    return new Builder();
  }

  /** Builder of one file; not thread-safe. */
  public static final class Builder {
    private KeyStyle style = KeyStyle.AI_TOOLKIT;
    private int rank = 16;
    private Dtype dtype = Dtype.F16;
    private int blocks = QwenLayer.BLOCKS;
    private List<QwenLayer> layers = QwenLayer.blockLayers();
    private double alpha = 1.0;
    private long seed = 1;
    private Integer step;
    private Integer epoch;
    private String name = "lorakit_lora";
    private float magnitude = 0.01f;
    private final Map<String, String> extraMetadata = new LinkedHashMap<>();

    private Builder() {}

    public Builder style(KeyStyle value) {
      this.style = Objects.requireNonNull(value, "style");
      return this;
    }

    public Builder rank(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("rank must be positive: " + value);
      }
      this.rank = value;
      return this;
    }

    /** F16 (ai-toolkit's default), BF16 or F32. */
    public Builder dtype(Dtype value) {
      if (value != Dtype.F16 && value != Dtype.BF16 && value != Dtype.F32) {
        throw new IllegalArgumentException("dtype must be F16, BF16 or F32: " + value);
      }
      this.dtype = value;
      return this;
    }

    /** Adapt blocks 0 to {@code count - 1}. */
    public Builder blocks(int count) {
      if (count < 0 || count > QwenLayer.BLOCKS) {
        throw new IllegalArgumentException("blocks must be 0..60: " + count);
      }
      this.blocks = count;
      return this;
    }

    /** Which layers of each block (and which top-level layers) to adapt. */
    public Builder layers(Collection<QwenLayer> value) {
      this.layers = List.copyOf(value);
      return this;
    }

    /** Alpha stored in musubi-style files (musubi's default is 1); ai-toolkit stores none. */
    public Builder alpha(double value) {
      this.alpha = value;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Training step for the metadata ({@code training_info} or {@code ss_steps}). */
    public Builder step(int value) {
      this.step = value;
      return this;
    }

    public Builder epoch(int value) {
      this.epoch = value;
      return this;
    }

    /** The job / output name written to metadata. */
    public Builder name(String value) {
      this.name = Objects.requireNonNull(value, "name");
      return this;
    }

    /** Half-width of the uniform distribution of up/B values (down/A use 1/sqrt(in)). */
    public Builder magnitude(float value) {
      this.magnitude = value;
      return this;
    }

    public Builder metadata(String key, String value) {
      extraMetadata.put(key, value);
      return this;
    }

    /** Writes the file and returns its path. */
    public Path write(Path file) {
      writer().write(file);
      return file;
    }

    /** A writer holding the file's tensors and metadata, for callers that add more. */
    public SafetensorsWriter writer() {
      SafetensorsWriter w = SafetensorsWriter.create().metadata(metadata());
      record Module(String path, QwenLayer layer) {}
      List<Module> modules = new ArrayList<>();
      for (int b = 0; b < blocks; b++) {
        for (QwenLayer l : layers) {
          if (l.isBlockLayer()) {
            modules.add(new Module(l.modulePath(b), l));
          }
        }
      }
      for (QwenLayer l : layers) {
        if (!l.isBlockLayer()) {
          modules.add(new Module(l.path(), l));
        }
      }
      int index = 0;
      for (Module m : modules) {
        QwenLayer l = m.layer();
        String path = m.path();
        long moduleSeed = seed * 0x9E3779B97F4A7C15L + index++;
        float downRange = (float) (1.0 / Math.sqrt(l.inFeatures()));
        String downName;
        String upName;
        if (style == KeyStyle.AI_TOOLKIT) {
          downName = "diffusion_model." + path + ".lora_A.weight";
          upName = "diffusion_model." + path + ".lora_B.weight";
        } else {
          String k = "lora_unet_" + path.replace('.', '_');
          downName = k + ".lora_down.weight";
          upName = k + ".lora_up.weight";
          w.addFloats(k + ".alpha", dtype, List.of(), new float[] {(float) alpha});
        }
        addRandom(w, downName, rank, l.inFeatures(), downRange, moduleSeed * 2);
        addRandom(w, upName, l.outFeatures(), rank, magnitude, moduleSeed * 2 + 1);
      }
      return w;
    }

    private void addRandom(
        SafetensorsWriter w, String tensor, int rows, int cols, float range, long tensorSeed) {
      int count = rows * cols;
      Dtype d = dtype;
      w.add(
          tensor,
          d,
          List.of((long) rows, (long) cols),
          (long) count * (d.bits() / 8),
          () -> {
            SplittableRandom random = new SplittableRandom(tensorSeed);
            float[] values = new float[count];
            for (int i = 0; i < count; i++) {
              values[i] = (float) ((random.nextDouble() * 2 - 1) * range);
            }
            ByteBuffer b = SafetensorsWriter.encode(d, values);
            return b;
          });
    }

    private Map<String, String> metadata() {
      Map<String, String> m = new LinkedHashMap<>();
      if (style == KeyStyle.AI_TOOLKIT) {
        m.put("name", name);
        m.put("version", "1.0");
        if (step != null || epoch != null) {
          m.put(
              "training_info",
              String.format(
                  Locale.ROOT,
                  "{\"step\": %d, \"epoch\": %d}",
                  step == null ? 0 : step,
                  epoch == null ? 0 : epoch));
        }
        m.put("ss_base_model_version", "qwen_image");
        m.put("ss_output_name", name);
        m.put(
            "software",
            "{\"name\": \"ai-toolkit\", \"repo\": \"https://github.com/ostris/ai-toolkit\","
                + " \"version\": \"0.12.26\"}");
        m.put("format", "pt");
      } else {
        m.put("ss_network_module", "networks.lora_qwen_image");
        m.put("ss_network_dim", Integer.toString(rank));
        m.put("ss_network_alpha", formatAlpha(alpha));
        m.put("ss_base_model_version", "qwen_image");
        m.put("ss_output_name", name);
        m.put("modelspec.sai_model_spec", "1.0.0");
        m.put("modelspec.architecture", "Qwen-Image/lora");
        m.put("modelspec.implementation", "https://github.com/QwenLM/Qwen-Image");
        if (step != null) {
          m.put("ss_steps", Integer.toString(step));
        }
        if (epoch != null) {
          m.put("ss_epoch", Integer.toString(epoch));
        }
      }
      m.putAll(extraMetadata);
      return m;
    }

    private static String formatAlpha(double a) {
      return a == Math.rint(a) ? Long.toString((long) a) : Double.toString(a);
    }
  }
}
