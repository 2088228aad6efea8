package dev.lorakit.yaml;

import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.internal.AtomicFiles;
import dev.lorakit.core.project.EvaluationSettings;
import dev.lorakit.core.project.HardwareTarget;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import dev.lorakit.core.project.SamplingSettings;
import dev.lorakit.core.training.Quantization;
import dev.lorakit.core.training.TrainerVersion;
import dev.lorakit.core.training.TrainingParameters;
import dev.lorakit.core.training.ValidationSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes a {@link LoraProject} as the lorakit project file, {@code lorakit.yaml}: every value
 * explicit, keys in a fixed order, so that {@link ProjectLoader} reads back an equal project.
 * Schema: {@code docs/project-file.md}.
 *
 * <pre>{@code
 * String yaml = ProjectWriter.toYaml(project);
 * ProjectWriter.write(project, Path.of("lorakit.yaml"));
 * }</pre>
 */
public final class ProjectWriter {
  /** The schema version written as {@code lorakit:}. */
  public static final int SCHEMA_VERSION = 1;

  private ProjectWriter() {}

  public static String toYaml(LoraProject project) {
    Objects.requireNonNull(project, "project");
    return Emitter.yaml(tree(project), "lorakit project file; schema: docs/project-file.md");
  }

  /**
   * The project file {@code lorakit init} writes: the project {@link Preflight} inferred from a
   * dataset folder, every value explicit, each inferred one commented with where it came from, and
   * the dataset root relative to {@code fileDirectory} (where the file will live), so that {@code
   * check}, {@code plan} and {@code config} read it back as the same project.
   */
  public static String toExplainedYaml(Preflight preflight, Path fileDirectory) {
    Objects.requireNonNull(preflight, "preflight");
    LoraProject p = preflight.project();
    Path dir = fileDirectory.toAbsolutePath().normalize();
    String root = dir.relativize(preflight.datasetRoot()).toString().replace('\\', '/');
    LoraProject relative =
        LoraProject.builder()
            .from(p)
            .dataset(
                dev.lorakit.core.dataset.DatasetSpec.builder()
                    .from(p.dataset())
                    .root(root.isEmpty() ? "." : root)
                    .build())
            .build();
    ConfigNode.MapNode tree = tree(relative);
    explain(tree, relative);
    return Emitter.yaml(
        tree,
        "lorakit project file written by lorakit init; edit it and pass it to check, plan and"
            + " config.\nEvery value is explicit; comments say where lorakit took it from."
            + " Schema: docs/project-file.md");
  }

  private static void explain(ConfigNode.MapNode root, LoraProject p) {
    root.comment(
        "name", "from the dataset folder's name; ai-toolkit's config.name and file prefix");
    root.comment(
        "trigger",
        p.trigger().isBlank()
            ? "no N_name character folder to take it from: set a rare token"
            : "the name part of the first character folder (guide: trigger first in every"
                + " caption)");
    root.comment(
        "base_model",
        "one of " + dev.lorakit.core.project.BaseModel.ids() + "; guide: qwen-image-edit-2509");
    root.comment("arch_override", "the text-only workaround for an edit model without controls");
    root.mapAt("dataset")
        .ifPresent(
            d -> {
              d.comment("root", "relative to this file");
              d.listAt("folders")
                  .ifPresent(
                      l -> {
                        for (ConfigNode n : l.items()) {
                          if (n instanceof ConfigNode.MapNode m) {
                            m.comment("repeats", "from the N_ prefix of the folder name");
                            m.comment("role", "from the folder name (_realbody: body realism)");
                            m.comment("image_count", "images found by the scan");
                          }
                        }
                      });
            });
    root.mapAt("training")
        .ifPresent(
            t -> {
              t.mapAt("network")
                  .ifPresent(
                      n -> {
                        n.comment("rank", "guide: rank 16 (8-12 if backgrounds bleed)");
                        n.comment("alpha", "ai-toolkit forces alpha = rank for Qwen");
                      });
              t.comment("learning_rate", "guide: 2e-4");
              t.comment("epochs", "guide: 8-10 epochs for a character");
              t.comment("batch_size", "guide: 1");
              t.comment("resolutions", "guide: 1024 (ai-toolkit buckets at or below it)");
            });
    root.mapAt("hardware")
        .ifPresent(h -> h.comment("gpu_type", "guide: an L40S (48 GB) on RunPod"));
  }

  /** Writes the file atomically (temporary file, then move). */
  public static void write(LoraProject project, Path file) {
    String yaml = toYaml(project);
    try {
      AtomicFiles.write(file, yaml.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ConfigNode.MapNode tree(LoraProject p) {
    ConfigNode.MapNode root = ConfigNode.map();
    root.put("lorakit", (long) SCHEMA_VERSION);
    root.put("name", p.name());
    root.put("trigger", p.trigger().value());
    root.put("base_model", p.baseModel().id());
    p.archOverride().ifPresent(a -> root.put("arch_override", a));
    if (!p.trainerVersion().equals(TrainerVersion.PINNED)) {
      root.put("trainer_version", p.trainerVersion().date().toString());
    }

    ConfigNode.MapNode dataset = root.child("dataset");
    dataset.put("root", p.dataset().root());
    ConfigNode.ListNode folders = ConfigNode.list();
    for (DatasetFolder f : p.dataset().folders()) {
      ConfigNode.MapNode m = ConfigNode.map();
      m.put("path", f.path());
      m.put("repeats", (long) f.repeats());
      m.put("role", f.role().id());
      m.put("required_tags", strings(f.requiredTags()));
      m.put("control_folders", strings(f.controlFolders()));
      if (f.imageCount().isPresent()) {
        m.put("image_count", (long) f.imageCount().getAsInt());
      }
      folders.add(m);
    }
    dataset.put("folders", folders);

    TrainingParameters t = p.training();
    ConfigNode.MapNode training = root.child("training");
    ConfigNode.MapNode network = training.child("network");
    network.put("type", t.network().type().key());
    network.put("rank", (long) t.network().rank());
    network.put("alpha", t.network().alpha());
    training.put("optimizer", t.optimizer().key());
    training.put("learning_rate", t.learningRate());
    training.put("lr_scheduler", t.lrScheduler());
    if (t.length().epochs().isPresent()) {
      training.put("epochs", (long) t.length().epochs().getAsInt());
    }
    if (t.length().steps().isPresent()) {
      training.put("steps", (long) t.length().steps().getAsInt());
    }
    training.put("batch_size", (long) t.batchSize());
    training.put("gradient_accumulation", (long) t.gradientAccumulation());
    training.put("gradient_accumulation_steps", (long) t.gradientAccumulationSteps());
    Quantization q = t.quantization();
    ConfigNode.MapNode quant = training.child("quantization");
    quant.put("enabled", q.enabled());
    quant.put("qtype", q.qtype());
    q.accuracyRecoveryAdapter().ifPresent(a -> quant.put("accuracy_recovery_adapter", a));
    quant.put("quantize_text_encoder", q.quantizeTextEncoder());
    quant.put("text_encoder_qtype", q.textEncoderQtype());
    ConfigNode.MapNode ema = training.child("ema");
    ema.put("enabled", t.ema().enabled());
    ema.put("decay", t.ema().decay());
    training.put("precision", t.precision().key());
    ConfigNode.ListNode res = ConfigNode.list();
    t.resolutions().forEach(r -> res.add((long) r));
    training.put("resolutions", res);
    training.put("cache_latents_to_disk", t.cacheLatentsToDisk());
    training.put("cache_text_embeddings", t.cacheTextEmbeddings());
    training.put("caption_dropout_rate", t.captionDropoutRate());
    training.put("shuffle_tokens", t.shuffleTokens());
    training.put("train_text_encoder", t.trainTextEncoder());
    training.put("gradient_checkpointing", t.gradientCheckpointing());
    training.put("noise_scheduler", t.noiseScheduler());
    training.put("timestep_type", t.timestepType());
    ConfigNode.MapNode save = training.child("save");
    if (t.save().saveEvery().isPresent()) {
      save.put("every", (long) t.save().saveEvery().getAsInt());
    }
    save.put("keep", (long) t.save().keep());
    save.put("dtype", t.save().dtype().key());
    if (t.seed().isPresent()) {
      training.put("seed", t.seed().getAsLong());
    }
    if (!t.lrSchedulerParams().isEmpty()) {
      training.put("lr_scheduler_params", numbers(t.lrSchedulerParams()));
    }
    if (!t.optimizerParams().isEmpty()) {
      training.put("optimizer_params", numbers(t.optimizerParams()));
    }
    training.put("low_vram", t.lowVram());
    if (t.layerOffloading()) {
      training.put("layer_offloading", true);
      training.put("layer_offloading_transformer_percent", t.layerOffloadingTransformerPercent());
      training.put("layer_offloading_text_encoder_percent", t.layerOffloadingTextEncoderPercent());
    }
    t.matchTargetRes().ifPresent(v -> training.put("match_target_res", v));
    t.validation()
        .ifPresent(
            v -> {
              ConfigNode.MapNode val = training.child("validation");
              ConfigNode.ListNode items = ConfigNode.list();
              for (ValidationSettings.Item item : v.items()) {
                ConfigNode.MapNode i = ConfigNode.map();
                i.put("image_path", item.imagePath());
                i.put("prompt", item.prompt());
                items.add(i);
              }
              val.put("items", items);
              val.put("resolution", (long) v.resolution());
              val.put("every_n_steps", (long) v.everyNSteps());
              ConfigNode.ListNode sigmas = ConfigNode.list();
              v.sigmas().forEach(sigmas::add);
              val.put("sigmas", sigmas);
            });

    SamplingSettings s = p.sampling();
    ConfigNode.MapNode sampling = root.child("sampling");
    ConfigNode.ListNode prompts = ConfigNode.list();
    for (SamplePrompt sp : s.prompts()) {
      ConfigNode.MapNode m = ConfigNode.map();
      m.put("prompt", sp.prompt());
      m.put("control_images", strings(sp.controlImages()));
      prompts.add(m);
    }
    sampling.put("prompts", prompts);
    if (s.sampleEvery().isPresent()) {
      sampling.put("every", (long) s.sampleEvery().getAsInt());
    }
    sampling.put("width", (long) s.width());
    sampling.put("height", (long) s.height());
    sampling.put("guidance_scale", s.guidanceScale());
    sampling.put("sample_steps", (long) s.sampleSteps());
    sampling.put("seed", s.seed());
    sampling.put("negative_prompt", s.negativePrompt());

    EvaluationSettings e = p.evaluation();
    ConfigNode.MapNode evaluation = root.child("evaluation");
    evaluation.put("prompts", strings(e.prompts()));
    ConfigNode.ListNode strengths = ConfigNode.list();
    e.strengths().forEach(strengths::add);
    evaluation.put("strengths", strengths);
    evaluation.put("seeds_per_prompt", (long) e.seedsPerPrompt());

    HardwareTarget h = p.hardware();
    ConfigNode.MapNode hardware = root.child("hardware");
    hardware.put("gpu_type", h.gpuType());
    hardware.put("memory_gb", (long) h.memoryGb());
    h.pricePerHour().ifPresent(price -> hardware.put("price_per_hour", price));
    return root;
  }

  private static ConfigNode.MapNode numbers(java.util.Map<String, Double> values) {
    ConfigNode.MapNode m = ConfigNode.map();
    values.forEach(m::put);
    return m;
  }

  private static ConfigNode.ListNode strings(Iterable<String> values) {
    ConfigNode.ListNode l = ConfigNode.list();
    values.forEach(l::add);
    return l;
  }
}
