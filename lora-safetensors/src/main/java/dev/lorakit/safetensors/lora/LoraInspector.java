package dev.lorakit.safetensors.lora;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.lorakit.core.checkpoint.CheckpointFormat;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.validation.Findings;
import dev.lorakit.core.validation.RuleDescriptor;
import dev.lorakit.core.validation.Violation;
import dev.lorakit.safetensors.Dtype;
import dev.lorakit.safetensors.SafetensorsFile;
import dev.lorakit.safetensors.SafetensorsHeader;
import dev.lorakit.safetensors.SafetensorsReader;
import dev.lorakit.safetensors.TensorInfo;
import dev.lorakit.safetensors.lora.LoraKeys.Key;
import dev.lorakit.safetensors.lora.LoraKeys.Resolved;
import dev.lorakit.safetensors.lora.LoraKeys.Role;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells what a LoRA file is without reading its weights: the header (8 + N bytes), plus the scalar
 * {@code .alpha} tensors when the file has them.
 *
 * <pre>{@code
 * CheckpointReport r = LoraInspector.inspect(Path.of("maya_000000340.safetensors"));
 * r.format();      // PEFT
 * r.trainer();     // AI_TOOLKIT
 * r.baseModel();   // Optional[qwen_image]
 * r.moduleCount(); // 840
 * }</pre>
 *
 * <p>Throws {@link dev.lorakit.safetensors.SafetensorsException} when the file is not valid
 * safetensors; problems of a valid file are {@link CheckpointReport#warnings()}.
 */
public final class LoraInspector {

  private static final JsonFactory JSON = new JsonFactory();
  private static final Pattern AI_TOOLKIT_STEP = Pattern.compile(".*_(\\d{9})\\.safetensors");
  private static final Pattern KOHYA_STEP = Pattern.compile(".*-step(\\d{8})\\.safetensors");
  private static final Pattern KOHYA_EPOCH = Pattern.compile(".*-(\\d{6})\\.safetensors");

  private LoraInspector() {}

  /** Inspects a file: reads its header and any {@code .alpha} scalars. */
  public static CheckpointReport inspect(Path file) {
    Objects.requireNonNull(file, "file");
    try (SafetensorsFile f = SafetensorsReader.open(file)) {
      return inspect(f);
    }
  }

  /** Inspects an open file. */
  public static CheckpointReport inspect(SafetensorsFile file) {
    Path name = file.path().getFileName();
    return new Analysis(
            file.header(),
            name == null ? file.path().toString() : name.toString(),
            t -> file.tensor(t).toFloatArray()[0])
        .run();
  }

  /**
   * Inspects a header alone (for example one fetched with an HTTP range request). {@code .alpha}
   * tensors are recognised but their values are unknown, so alpha falls back to metadata or rank.
   */
  public static CheckpointReport inspect(SafetensorsHeader header, String fileName) {
    return new Analysis(header, fileName, null).run();
  }

  /** Reads one scalar tensor. */
  interface ScalarReader {
    float read(String tensor);
  }

  /** Accumulates the tensors of one module. */
  private static final class ModuleAcc {
    final String name;
    final Map<Role, TensorInfo> roles = new EnumMap<>(Role.class);
    final List<TensorInfo> all = new ArrayList<>();
    final Set<CheckpointFormat> formats = new HashSet<>();

    ModuleAcc(String name) {
      this.name = name;
    }
  }

  private static final class Analysis {
    final SafetensorsHeader header;
    final String fileName;
    final ScalarReader scalars;
    final Map<String, String> meta;
    final Warnings warnings = new Warnings();

    Analysis(SafetensorsHeader header, String fileName, ScalarReader scalars) {
      this.header = header;
      this.fileName = fileName.replace('\\', '/');
      this.scalars = scalars;
      this.meta = header.metadata();
    }

    CheckpointReport run() {
      Map<String, ModuleAcc> accs = new LinkedHashMap<>();
      List<String> unrecognized = new ArrayList<>();
      Map<Dtype, Integer> dtypes = new EnumMap<>(Dtype.class);
      long parameters = 0;
      for (TensorInfo t : header.tensors()) {
        dtypes.merge(t.dtype(), 1, Integer::sum);
        Optional<Key> key = LoraKeys.parse(t.name());
        if (key.isEmpty()) {
          unrecognized.add(t.name());
          parameters += t.elementCount();
          continue;
        }
        ModuleAcc acc = accs.computeIfAbsent(key.get().module(), ModuleAcc::new);
        acc.all.add(t);
        Role role = key.get().suffix().role();
        if (role != Role.EXTRA && role != Role.HADA_T) {
          acc.roles.putIfAbsent(role, t);
        }
        if (key.get().suffix().format() != null) {
          acc.formats.add(key.get().suffix().format());
        }
        if (role != Role.ALPHA) {
          parameters += t.elementCount();
        }
      }
      OptionalDouble metaAlpha = metadataAlpha();
      List<LoraModule> modules = new ArrayList<>();
      Map<CheckpointFormat, Integer> formatCounts = new EnumMap<>(CheckpointFormat.class);
      for (ModuleAcc acc : accs.values()) {
        if (acc.formats.isEmpty()) {
          warnings.add(
              CheckpointRules.ORPHAN_ALPHA,
              acc.all.get(0).name(),
              "alpha or dora_scale tensors have no weights of their module",
              "remove them; ComfyUI reads them under a mapped name and changes nothing");
          continue;
        }
        LoraModule m = module(acc, metaAlpha);
        formatCounts.merge(m.format(), 1, Integer::sum);
        modules.add(m);
      }
      CheckpointFormat format =
          formatCounts.entrySet().stream()
              .max(Map.Entry.comparingByValue())
              .map(Map.Entry::getKey)
              .orElse(CheckpointFormat.UNKNOWN);
      if (formatCounts.size() > 1) {
        warnings.add(
            CheckpointRules.MIXED_FORMATS,
            fileName,
            "modules use "
                + formatCounts.size()
                + " key families "
                + formatCounts.keySet()
                + "; ComfyUI resolves each module on its own",
            "convert every module to one family with lorakit convert for other loaders");
      }
      Trainer trainer = trainer(format, modules);
      BaseGuess base = baseModel(trainer, modules);
      BaseModel replayed =
          base.candidates.isEmpty() ? BaseModel.QWEN_IMAGE : base.candidates.get(0);
      ComfyUiLoad comfy =
          ComfyUiReplay.replay(ComfyUiKeyMap.of(replayed), header.tensors(), scalars);
      comfyFindings(comfy, base);
      ImmutableCheckpointReport.Builder r =
          CheckpointReport.builder()
              .file(fileName)
              .sizeBytes(header.fileSize())
              .headerBytes(header.headerLength())
              .format(format)
              .trainer(trainer)
              .baseModel(base.id)
              .baseModelSource(base.source)
              .candidateBaseModels(base.candidates)
              .modules(modules)
              .coverage(coverage(modules))
              .tensors(header.tensors().size())
              .parameters(parameters)
              .dtypes(dtypes)
              .metadata(meta)
              .unrecognizedKeys(unrecognized)
              .comfyUi(comfy);
      summarise(modules, r);
      stepAndEpoch(r);
      return r.warnings(warnings.build()).build();
    }

    private LoraModule module(ModuleAcc acc, OptionalDouble metaAlpha) {
      CheckpointFormat format =
          acc.formats.size() == 1
              ? acc.formats.iterator().next()
              : acc.formats.stream().sorted().findFirst().orElse(CheckpointFormat.UNKNOWN);
      Map<Role, TensorInfo> r = acc.roles;
      OptionalInt rank = OptionalInt.empty();
      Long in = null;
      Long out = null;
      record Factors(TensorInfo down, TensorInfo up) {}
      Factors factors =
          switch (format) {
            case LOHA -> new Factors(r.get(Role.HADA_W1_B), r.get(Role.HADA_W1_A));
            case LOKR ->
                new Factors(
                    r.containsKey(Role.LOKR_W1_B) ? r.get(Role.LOKR_W1_B) : r.get(Role.LOKR_W2_B),
                    r.containsKey(Role.LOKR_W1_A) ? r.get(Role.LOKR_W1_A) : r.get(Role.LOKR_W2_A));
            case PEFT, KOHYA, DIFFUSERS, UNKNOWN -> new Factors(r.get(Role.DOWN), r.get(Role.UP));
          };
      TensorInfo down = factors.down();
      TensorInfo up = factors.up();
      if (format == CheckpointFormat.LOKR) {
        if (down != null && !down.shape().isEmpty()) {
          rank = OptionalInt.of((int) down.dim(0));
        }
        LokrShape shape = lokrShape(r);
        in = shape.in();
        out = shape.out();
      } else {
        if (down != null && down.shape().size() >= 2) {
          rank = OptionalInt.of((int) down.dim(0));
          in = down.dim(1);
        } else if (up != null && up.shape().size() >= 2) {
          rank = OptionalInt.of((int) up.dim(1));
        }
        if (up != null && !up.shape().isEmpty()) {
          out = up.dim(0);
        }
      }
      Resolved res = LoraKeys.resolve(acc.name);
      OptionalDouble alpha = OptionalDouble.empty();
      AlphaSource source = null;
      TensorInfo alphaTensor = r.get(Role.ALPHA);
      if (alphaTensor != null
          && scalars != null
          && alphaTensor.dtype().decodesToFloat()
          && alphaTensor.elementCount() >= 1) {
        alpha = OptionalDouble.of(scalars.read(alphaTensor.name()));
        source = AlphaSource.TENSOR;
      } else if (metaAlpha.isPresent()) {
        alpha = metaAlpha;
        source = AlphaSource.METADATA;
      } else if (rank.isPresent()) {
        alpha = OptionalDouble.of(rank.getAsInt());
        source = AlphaSource.DEFAULT_RANK;
      }
      if (format == CheckpointFormat.KOHYA && alphaTensor == null) {
        warnings.add(
            CheckpointRules.KOHYA_WITHOUT_ALPHA,
            acc.name,
            "kohya modules have no .alpha tensor",
            "add alpha tensors (lorakit convert --to kohya writes them); diffusers' Qwen loader"
                + " requires them");
      }
      OptionalDouble scale =
          alpha.isPresent() && rank.isPresent() && rank.getAsInt() > 0
              ? OptionalDouble.of(alpha.getAsDouble() / rank.getAsInt())
              : OptionalDouble.empty();
      long params = 0;
      List<String> names = new ArrayList<>();
      Dtype dtype = null;
      for (TensorInfo t : acc.all) {
        names.add(t.name());
        if (!t.name().endsWith(".alpha")) {
          params += t.elementCount();
          if (dtype == null) {
            dtype = t.dtype();
          }
        }
      }
      return LoraModule.builder()
          .name(acc.name)
          .modulePath(res.path())
          .block(res.block())
          .layer(res.layer())
          .format(format)
          .rank(rank)
          .alpha(alpha)
          .alphaSource(Optional.ofNullable(source))
          .scale(scale)
          .inFeatures(in == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(in))
          .outFeatures(
              out == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(out))
          .tensorNames(names)
          .parameters(params)
          .dtype(Optional.ofNullable(dtype))
          .downTensor(Optional.ofNullable(down).map(TensorInfo::name))
          .upTensor(Optional.ofNullable(up).map(TensorInfo::name))
          .build();
    }

    /** A LoKr module's full input and output features, null where a factor is missing. */
    private record LokrShape(Long in, Long out) {}

    private LokrShape lokrShape(Map<Role, TensorInfo> r) {
      Long outL = dimOf(r, Role.LOKR_W1, 0, Role.LOKR_W1_A, 0);
      Long inM = dimOf(r, Role.LOKR_W1, 1, Role.LOKR_W1_B, 1);
      Long outK = dimOf(r, Role.LOKR_W2, 0, Role.LOKR_W2_A, 0);
      Long inN = dimOf(r, Role.LOKR_W2, 1, Role.LOKR_W2_B, 1);
      Long in = inM != null && inN != null ? inM * inN : null;
      Long out = outL != null && outK != null ? outL * outK : null;
      return new LokrShape(in, out);
    }

    private static Long dimOf(Map<Role, TensorInfo> r, Role full, int i, Role part, int j) {
      TensorInfo t = r.get(full);
      if (t != null && t.shape().size() > i) {
        return t.dim(i);
      }
      t = r.get(part);
      if (t != null && t.shape().size() > j) {
        return t.dim(j);
      }
      return null;
    }

    private OptionalDouble metadataAlpha() {
      String ss = meta.get("ss_network_alpha");
      if (ss != null) {
        try {
          double v = Double.parseDouble(ss.trim());
          if (Double.isFinite(v) && v > 0) {
            return OptionalDouble.of(v);
          }
        } catch (NumberFormatException e) {
          // "Dynamic" (resize_lora.py) or "None": no single alpha.
        }
      }
      String adapter = meta.get("lora_adapter_metadata");
      if (adapter != null) {
        Map<String, Double> numbers = topLevelNumbers(adapter);
        Double a = numbers.get("lora_alpha");
        if (a != null && a > 0) {
          return OptionalDouble.of(a);
        }
      }
      return OptionalDouble.empty();
    }

    private Trainer trainer(CheckpointFormat format, List<LoraModule> modules) {
      String software = meta.getOrDefault("software", "");
      String networkModule = meta.getOrDefault("ss_network_module", "");
      if (software.contains("ai-toolkit")) {
        return Trainer.AI_TOOLKIT;
      }
      if (networkModule.contains("qwen_image")
          || networkModule.contains("musubi")
          || meta.getOrDefault("modelspec.implementation", "").contains("QwenLM")) {
        return Trainer.MUSUBI_TUNER;
      }
      if (!networkModule.isEmpty() || meta.containsKey("ss_session_id")) {
        return Trainer.KOHYA_SD_SCRIPTS;
      }
      if (meta.containsKey("lora_adapter_metadata")) {
        return Trainer.DIFFUSERS;
      }
      if (format == CheckpointFormat.PEFT
          && !modules.isEmpty()
          && modules.stream().allMatch(m -> m.name().startsWith("transformer."))
          && "pt".equals(meta.get("format"))) {
        return Trainer.DIFFUSERS;
      }
      return Trainer.UNKNOWN;
    }

    private static final class BaseGuess {
      Optional<String> id = Optional.empty();
      Optional<BaseModelSource> source = Optional.empty();
      List<BaseModel> candidates = List.of();
      String family = "";
    }

    private BaseGuess baseModel(Trainer trainer, List<LoraModule> modules) {
      BaseGuess g = new BaseGuess();
      String arch = meta.get("modelspec.architecture");
      String ss = meta.get("ss_base_model_version");
      if (arch != null && !arch.isBlank()) {
        String a = arch.trim();
        int slash = a.indexOf('/');
        String base = slash < 0 ? a : a.substring(0, slash);
        String id = base.toLowerCase(Locale.ROOT).replace('-', '_');
        g.candidates = BaseModel.withModelSpecArchitecture(base);
        g.id = Optional.of(id);
        g.source = Optional.of(BaseModelSource.MODELSPEC_ARCHITECTURE);
      } else if (ss != null && !ss.isBlank()) {
        String id = ss.trim();
        g.id = Optional.of(id);
        g.source = Optional.of(BaseModelSource.SS_BASE_MODEL_VERSION);
        // ai-toolkit writes qwen_image for every Qwen arch; musubi qwen_image_edit for every edit.
        g.candidates = BaseModel.withBaseModelVersion(id, trainer == Trainer.MUSUBI_TUNER);
      } else if (modules.stream().anyMatch(this::qwenShaped)) {
        g.id = Optional.of("qwen_image");
        g.source = Optional.of(BaseModelSource.SHAPES);
        g.candidates = List.of(BaseModel.values());
      }
      g.family = g.id.orElse("");
      if (g.family.isEmpty() && modules.stream().anyMatch(m -> m.layer().isPresent())) {
        g.family = "qwen_image";
      }
      return g;
    }

    private boolean qwenShaped(LoraModule m) {
      if (m.layer().isEmpty()) {
        return false;
      }
      QwenLayer l = m.layer().get();
      return (m.inFeatures().isEmpty() || m.inFeatures().getAsLong() == l.inFeatures())
          && (m.outFeatures().isEmpty() || m.outFeatures().getAsLong() == l.outFeatures());
    }

    /** The findings of the ComfyUI replay: ERROR where the node fails, WARNING where it drops. */
    private void comfyFindings(ComfyUiLoad comfy, BaseGuess base) {
      for (ComfyUiFailure f : comfy.failures()) {
        RuleDescriptor rule =
            switch (f.kind()) {
              case UP_WITHOUT_DOWN -> CheckpointRules.UP_WITHOUT_DOWN;
              case INCOMPLETE_LYCORIS -> CheckpointRules.INCOMPLETE_LYCORIS;
              case ALPHA_NOT_SCALAR -> CheckpointRules.ALPHA_NOT_SCALAR;
            };
        String what =
            switch (f.kind()) {
              case UP_WITHOUT_DOWN -> "modules have an up weight without its down weight";
              case INCOMPLETE_LYCORIS -> "LyCORIS modules lack a tensor their adapter reads";
              case ALPHA_NOT_SCALAR -> "modules have an .alpha that is not one element";
            };
        warnings.add(
            rule,
            f.module(),
            what + "; ComfyUI's LoRA node fails with " + comfy.failures().get(0).exception(),
            rule.fix());
      }
      for (IgnoredKey k : comfy.ignoredKeys()) {
        RuleDescriptor rule =
            switch (k.reason()) {
              case NO_MAPPED_NAME -> CheckpointRules.COMFYUI_UNMAPPED_MODULE;
              case UNKNOWN_SUFFIX -> CheckpointRules.UNRECOGNIZED_KEY;
              case DOWN_WITHOUT_UP -> CheckpointRules.INCOMPLETE_MODULE;
              case DORA_MAGNITUDE -> CheckpointRules.DORA_MAGNITUDE_DROPPED;
              case LORA_BIAS -> CheckpointRules.LORA_BIAS_DROPPED;
              case SHADOWED -> CheckpointRules.SHADOWED_MODULE;
              case RANK_MISMATCH -> CheckpointRules.RANK_MISMATCH;
              case SHAPE_MISMATCH -> CheckpointRules.SHAPE_MISMATCH;
              case TARGET_NOT_IN_MODEL -> CheckpointRules.PATCH_TARGET_MISSING;
            };
        String what =
            switch (k.reason()) {
              case NO_MAPPED_NAME -> "keys are 'not loaded' by ComfyUI: " + category(k.detail());
              case UNKNOWN_SUFFIX -> "keys are 'not loaded' by ComfyUI: no adapter reads them";
              case DOWN_WITHOUT_UP -> "down weights have no up weight and are 'not loaded'";
              case DORA_MAGNITUDE ->
                  "DoRA magnitude vectors are 'not loaded'; the DoRA runs as a plain LoRA";
              case LORA_BIAS -> "lora_B.bias tensors are 'not loaded'; the bias change is lost";
              case SHADOWED ->
                  "keys are discarded because another patch of the same weight is read later";
              case RANK_MISMATCH -> "keys have up and down ranks that differ; ComfyUI skips them";
              case SHAPE_MISMATCH -> "keys do not fit their Qwen-Image weight; ComfyUI skips them";
              case TARGET_NOT_IN_MODEL -> "keys patch a key the model lacks ('NOT LOADED')";
            };
        warnings.add(rule, k.key(), what, rule.fix() + " (" + k.detail() + ")");
      }
      if (comfy.patchCount() == 0 && comfy.failures().isEmpty()) {
        String said =
            base.candidates.isEmpty() && base.id.isPresent()
                ? " (its metadata names base model " + base.id.get() + ")"
                : "";
        warnings.add(
            CheckpointRules.COMFYUI_NOTHING_LOADS,
            fileName,
            "file patches no Qwen-Image weight in ComfyUI" + said,
            CheckpointRules.COMFYUI_NOTHING_LOADS.fix());
      }
    }

    /** The part of an unmapped-name detail shared by every key of one naming mistake. */
    private static String category(String detail) {
      int semicolon = detail.indexOf("; ComfyUI maps lora_unet_");
      return semicolon < 0 ? detail : detail.substring(0, semicolon);
    }

    private QwenCoverage coverage(List<LoraModule> modules) {
      boolean[][] grid = new boolean[QwenLayer.BLOCKS][QwenLayer.blockLayers().size()];
      Map<String, Integer> perLayer = new LinkedHashMap<>();
      for (QwenLayer l : QwenLayer.blockLayers()) {
        perLayer.put(l.path(), 0);
      }
      List<String> top = new ArrayList<>();
      for (LoraModule m : modules) {
        if (m.layer().isEmpty()) {
          continue;
        }
        QwenLayer l = m.layer().get();
        if (!l.isBlockLayer()) {
          if (!top.contains(l.path())) {
            top.add(l.path());
          }
          continue;
        }
        int b = m.block().orElse(-1);
        if (b >= 0 && b < QwenLayer.BLOCKS && !grid[b][l.ordinal()]) {
          grid[b][l.ordinal()] = true;
          perLayer.merge(l.path(), 1, Integer::sum);
        }
      }
      int covered = 0;
      int blocks = 0;
      List<String> missing = new ArrayList<>();
      for (int b = 0; b < QwenLayer.BLOCKS; b++) {
        boolean any = false;
        for (QwenLayer l : QwenLayer.blockLayers()) {
          if (grid[b][l.ordinal()]) {
            covered++;
            any = true;
          } else {
            missing.add(l.modulePath(b));
          }
        }
        blocks += any ? 1 : 0;
      }
      return QwenCoverage.builder()
          .covered(covered)
          .blocks(blocks)
          .blocksPerLayer(perLayer)
          .topLevel(top)
          .missing(covered == 0 ? List.of() : missing)
          .build();
    }

    private void summarise(List<LoraModule> modules, ImmutableCheckpointReport.Builder r) {
      Map<Integer, Integer> ranks = new TreeMap<>();
      Set<Double> alphas = new HashSet<>();
      Set<AlphaSource> sources = new HashSet<>();
      Set<Double> scales = new HashSet<>();
      for (LoraModule m : modules) {
        m.rank().ifPresent(k -> ranks.merge(k, 1, Integer::sum));
        alphas.add(m.alpha().isPresent() ? m.alpha().getAsDouble() : Double.NaN);
        sources.add(m.alphaSource().orElse(null));
        scales.add(m.scale().isPresent() ? m.scale().getAsDouble() : Double.NaN);
      }
      r.ranks(ranks);
      if (ranks.size() == 1 && modules.stream().allMatch(m -> m.rank().isPresent())) {
        r.rank(ranks.keySet().iterator().next());
      }
      if (alphas.size() == 1 && !alphas.contains(Double.NaN)) {
        r.alpha(alphas.iterator().next());
      }
      if (sources.size() == 1 && !sources.contains(null)) {
        r.alphaSource(sources.iterator().next());
      }
      if (scales.size() == 1 && !scales.contains(Double.NaN)) {
        r.scale(scales.iterator().next());
      }
      if (sources.contains(AlphaSource.METADATA)) {
        modules.stream()
            .filter(m -> m.alphaSource().orElse(null) == AlphaSource.METADATA)
            .filter(m -> m.scale().isPresent() && m.scale().getAsDouble() != 1.0)
            .forEach(
                m ->
                    warnings.add(
                        CheckpointRules.ALPHA_FROM_METADATA,
                        m.name(),
                        "modules take alpha from metadata only; ComfyUI applies scale 1,"
                            + " diffusers "
                            + m.scale().getAsDouble(),
                        "add .alpha tensors (lorakit convert --to kohya) or fold the scale into the"
                            + " weights"));
      }
    }

    private void stepAndEpoch(ImmutableCheckpointReport.Builder r) {
      Integer step = null;
      Integer epoch = null;
      String info = meta.get("training_info");
      if (info != null) {
        Map<String, Double> n = topLevelNumbers(info);
        step = intOrNull(n.get("step"));
        epoch = intOrNull(n.get("epoch"));
      }
      if (step == null) {
        step = parseIntOrNull(meta.get("ss_steps"));
      }
      if (epoch == null) {
        epoch = parseIntOrNull(meta.get("ss_epoch"));
      }
      boolean suffixed = false;
      Matcher m = AI_TOOLKIT_STEP.matcher(fileName);
      if (m.matches()) {
        suffixed = true;
        step = step == null ? Integer.valueOf(m.group(1)) : step;
      } else if ((m = KOHYA_STEP.matcher(fileName)).matches()) {
        suffixed = true;
        step = step == null ? Integer.valueOf(m.group(1)) : step;
      } else if ((m = KOHYA_EPOCH.matcher(fileName)).matches()) {
        suffixed = true;
        epoch = epoch == null ? Integer.valueOf(m.group(1)) : epoch;
      }
      if (step != null) {
        r.step(step);
      }
      if (epoch != null) {
        r.epoch(epoch);
      }
      r.isFinal(!suffixed);
    }
  }

  private static Integer intOrNull(Double d) {
    return d == null || d < 0 || d > Integer.MAX_VALUE || d != Math.rint(d) ? null : d.intValue();
  }

  private static Integer parseIntOrNull(String s) {
    if (s == null) {
      return null;
    }
    try {
      int v = Integer.parseInt(s.trim());
      return v >= 0 ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The numeric members of a JSON object held in a metadata string; empty if it is not one. */
  static Map<String, Double> topLevelNumbers(String json) {
    Map<String, Double> out = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return out;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
          out.put(name, p.getDoubleValue());
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      // Not JSON: trainers' metadata is free text.
    }
    return out;
  }

  /** Collects findings and folds repeats of one rule and message into one violation. */
  private static final class Warnings {
    private final Map<String, Warning> folded = new LinkedHashMap<>();

    /** One folded finding: the first path it was seen at and how often. */
    private static final class Warning {
      final RuleDescriptor rule;
      final String path;
      final String message;
      final String hint;
      int count = 1;

      Warning(RuleDescriptor rule, String path, String message, String hint) {
        this.rule = rule;
        this.path = path;
        this.message = message;
        this.hint = hint;
      }
    }

    /** Adds one occurrence; the message is counted, so it reads after a number ("3 modules"). */
    void add(RuleDescriptor rule, String path, String message, String hint) {
      Warning w = folded.get(rule.id() + "\0" + message);
      if (w == null) {
        folded.put(rule.id() + "\0" + message, new Warning(rule, path, message, hint));
      } else {
        w.count++;
      }
    }

    List<Violation> build() {
      Findings findings = Findings.of(CheckpointRules.descriptors());
      for (Warning w : folded.values()) {
        findings.report(
            w.rule,
            w.path,
            w.count + " " + w.message + (w.count > 1 ? " (first: " + w.path + ")" : ""),
            w.hint,
            Integer.toString(w.count),
            null);
      }
      return findings.violations();
    }
  }
}
