package dev.lorakit.safetensors.lora;

import dev.lorakit.safetensors.TensorInfo;
import dev.lorakit.safetensors.lora.IgnoredKey.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays ComfyUI's {@code LoraLoaderModelOnly} on a file's tensor list, key for key. Citations are
 * to Comfy-Org/ComfyUI a125cd84 (comfyui.md §2): {@code comfy/sd.py load_lora_for_models} (65-93),
 * {@code comfy/lora.py load_lora} (37-95), {@code comfy/weight_adapter/*.py load}, {@code
 * comfy/model_patcher.py add_patches} (537-559).
 */
final class ComfyUiReplay {

  /** The up suffixes {@code LoRAAdapter.load} tries, in its order, with their down partner. */
  private static final String[][] LORA_FORMS = {
    {".lora_up.weight", ".lora_down.weight"},
    {"_lora.up.weight", "_lora.down.weight"},
    {".lora_B.weight", ".lora_A.weight"},
    {".lora.up.weight", ".lora.down.weight"},
    {".lora_B", ".lora_A"},
    {".lora_linear_layer.up.weight", ".lora_linear_layer.down.weight"},
    {".lora_B.default.weight", ".lora_A.default.weight"}
  };

  /** Every suffix some ComfyUI adapter (or load_lora itself) reads under a mapped name. */
  private static final List<String> READ_SUFFIXES =
      List.of(
          ".alpha",
          ".dora_scale",
          ".reshape_weight",
          ".lora_mid.weight",
          ".hada_w1_a",
          ".hada_w1_b",
          ".hada_w2_a",
          ".hada_w2_b",
          ".hada_t1",
          ".hada_t2",
          ".lokr_w1",
          ".lokr_w2",
          ".lokr_w1_a",
          ".lokr_w1_b",
          ".lokr_t2",
          ".lokr_w2_a",
          ".lokr_w2_b",
          ".a1.weight",
          ".a2.weight",
          ".b1.weight",
          ".b2.weight",
          ".oft_blocks",
          ".rescale",
          ".w_norm",
          ".b_norm",
          ".diff",
          ".diff_b",
          ".set_weight");

  private static final String DORA_MAGNITUDE = ".lora_magnitude_vector";
  private static final String LORA_B_BIAS = ".lora_B.bias";

  private final ComfyUiKeyMap map;
  private final Map<String, TensorInfo> lora = new LinkedHashMap<>();
  private final LoraInspector.ScalarReader scalars;
  private final Set<String> loaded = new HashSet<>();

  /** Module name -> the suffixes of the file's keys under it, split at every '.' and "_lora.". */
  private final Map<String, Set<String>> suffixes = new HashMap<>();

  private final Map<String, Patch> patchDict = new LinkedHashMap<>();
  private final List<ComfyUiFailure> failures = new ArrayList<>();
  private final List<IgnoredKey> ignored = new ArrayList<>();

  /** One entry of load_lora's patch_dict. */
  private record Patch(
      String module, String type, List<String> keys, Double scale, TensorInfo up, TensorInfo down) {
    boolean exactShapeKnown() {
      return up != null && down != null;
    }
  }

  private ComfyUiReplay(
      ComfyUiKeyMap map, List<TensorInfo> tensors, LoraInspector.ScalarReader scalars) {
    this.map = map;
    this.scalars = scalars;
    for (TensorInfo t : tensors) {
      lora.put(t.name(), t);
      String n = t.name();
      for (int i = n.indexOf('.'); i > 0; i = n.indexOf('.', i + 1)) {
        index(n, i);
      }
      int lora = n.lastIndexOf("_lora.");
      if (lora > 0) {
        index(n, lora);
      }
    }
  }

  /**
   * The load of {@code tensors} in ComfyUI; {@code scalars} reads an {@code .alpha} value, or is
   * null when only the header is known (the scales are then unknown).
   */
  static ComfyUiLoad replay(
      ComfyUiKeyMap map, List<TensorInfo> tensors, LoraInspector.ScalarReader scalars) {
    return new ComfyUiReplay(map, tensors, scalars).run();
  }

  private ComfyUiLoad run() {
    for (Map.Entry<String, String> e : map.names().entrySet()) {
      if (suffixes.containsKey(e.getKey())) {
        loadModule(e.getKey(), e.getValue());
      }
    }
    // add_patches (model_patcher.py 552): a patch applies only to a key of the model.
    List<String> patched = new ArrayList<>();
    Map<String, Integer> types = new LinkedHashMap<>();
    Map<Double, Integer> scales = new TreeMap<>();
    for (Map.Entry<String, Patch> e : patchDict.entrySet()) {
      Patch p = e.getValue();
      List<Long> shape = map.stateDict().get(e.getKey());
      if (shape == null) {
        // sd.py 89-91: logging.warning("NOT LOADED ...").
        ignore(p.keys(), Reason.TARGET_NOT_IN_MODEL, "the patch names " + e.getKey());
        continue;
      }
      String misfit = misfit(p, shape);
      if (misfit != null) {
        ignore(
            p.keys(),
            misfit.startsWith("rank") ? Reason.RANK_MISMATCH : Reason.SHAPE_MISMATCH,
            misfit);
        continue;
      }
      patched.add(e.getKey());
      types.merge(p.type(), 1, Integer::sum);
      if (p.scale() != null && !p.scale().isNaN()) {
        scales.merge(p.scale(), 1, Integer::sum);
      }
    }
    // load_lora 90-93: every key not read logs "lora key not loaded".
    for (String k : lora.keySet()) {
      if (!loaded.contains(k)) {
        classify(k);
      }
    }
    return ComfyUiLoad.builder()
        .modelClass(map.modelClass())
        .patchedKeys(patched)
        .patchTypes(types)
        .ignoredKeys(ignored)
        .failures(failures)
        .scales(scales)
        .build();
  }

  /** load_lora's loop body (lora.py 40-88) for one mapped name x. */
  private void loadModule(String x, String target) {
    Double alpha = null;
    TensorInfo alphaTensor = get(x, ".alpha");
    if (alphaTensor != null) {
      // lora.py 44: lora[alpha_name].item()
      if (alphaTensor.elementCount() != 1) {
        failures.add(
            ComfyUiFailure.of(
                ComfyUiFailure.Kind.ALPHA_NOT_SCALAR,
                x,
                // torch's Python item() (python_variable_methods.cpp dispatch_to) checks numel
                // with TORCH_CHECK_VALUE; comfyui.md L4 saw this ValueError with the real loader.
                "ValueError: only one element tensors can be converted to Python scalars"));
        // The node fails here; the replay goes on so that every defect is listed at once.
        alpha = Double.NaN;
      } else {
        alpha =
            scalars == null || !alphaTensor.dtype().decodesToFloat()
                ? Double.NaN
                : (double) scalars.read(alphaTensor.name());
      }
      loaded.add(alphaTensor.name());
    }
    if (has(x, ".dora_scale")) {
      loaded.add(x + ".dora_scale");
    }
    // lora.py 53-58: every adapter is tried (the continue is the inner loop's), the last wins.
    loraAdapter(x, target, alpha);
    lohaAdapter(x, target, alpha);
    lokrAdapter(x, target, alpha);
    gloraAdapter(x, target);
    oftAdapter(x, target, 3, "oft");
    oftAdapter(x, target, 4, "boft");
    String bias = target.substring(0, Math.max(0, target.length() - ".weight".length())) + ".bias";
    // lora.py 60-70
    if (has(x, ".w_norm")) {
      put(target, diff(x, ".w_norm"));
      if (has(x, ".b_norm")) {
        put(bias, diff(x, ".b_norm"));
      }
    }
    // lora.py 72-88
    if (has(x, ".diff")) {
      put(target, diff(x, ".diff"));
    }
    if (has(x, ".diff_b")) {
      put(bias, diff(x, ".diff_b"));
    }
    if (has(x, ".set_weight")) {
      put(target, new Patch(x, "set", read(x + ".set_weight"), null, null, null));
    }
  }

  /** weight_adapter/lora.py LoRAAdapter.load (81-148) and the scale of calculate_weight (174). */
  private void loraAdapter(String x, String target, Double alpha) {
    for (String[] form : LORA_FORMS) {
      if (!has(x, form[0])) {
        continue;
      }
      String upName = x + form[0];
      String downName = x + form[1];
      List<String> keys = new ArrayList<>();
      boolean regular = form[0].equals(".lora_up.weight");
      if (regular && has(x, ".lora_mid.weight")) {
        keys.add(x + ".lora_mid.weight");
      }
      if (has(x, ".reshape_weight")) {
        keys.add(x + ".reshape_weight");
      }
      if (!lora.containsKey(downName)) {
        // lora.py 143: lora[B_name] raises before anything is returned.
        failures.add(
            ComfyUiFailure.of(
                ComfyUiFailure.Kind.UP_WITHOUT_DOWN, x, "KeyError: '" + downName + "'"));
        // Counted as read so that the failure, not a 'not loaded' line, reports it.
        loaded.add(upName);
        return;
      }
      keys.add(upName);
      keys.add(downName);
      loaded.addAll(keys);
      TensorInfo up = lora.get(upName);
      TensorInfo down = lora.get(downName);
      Double scale = null;
      if (alpha == null) {
        scale = 1.0;
      } else if (!down.shape().isEmpty() && down.dim(0) > 0) {
        scale = alpha / down.dim(0);
      }
      boolean exact = keys.size() == 2;
      put(target, new Patch(x, "lora", keys, scale, exact ? up : null, exact ? down : null));
      return;
    }
  }

  /** weight_adapter/loha.py LoHaAdapter.load (149-182); scale alpha / w1_b.shape[0]. */
  private void lohaAdapter(String x, String target, Double alpha) {
    if (!has(x, ".hada_w1_a")) {
      return;
    }
    List<String> keys = new ArrayList<>();
    List<String> required = new ArrayList<>();
    if (has(x, ".hada_t1")) {
      keys.add(x + ".hada_t1");
      required.add(x + ".hada_t2");
    }
    required.addAll(
        List.of(x + ".hada_w1_a", x + ".hada_w1_b", x + ".hada_w2_a", x + ".hada_w2_b"));
    for (String r : required) {
      if (!lora.containsKey(r)) {
        failures.add(
            ComfyUiFailure.of(ComfyUiFailure.Kind.INCOMPLETE_LYCORIS, x, "KeyError: '" + r + "'"));
        required.stream().filter(lora::containsKey).forEach(loaded::add);
        loaded.addAll(keys);
        return;
      }
    }
    keys.addAll(required);
    loaded.addAll(keys);
    TensorInfo w1b = get(x, ".hada_w1_b");
    put(target, new Patch(x, "loha", keys, scaleOf(alpha, w1b), null, null));
  }

  /** weight_adapter/lokr.py LoKrAdapter.load (104-161): reads whatever is there. */
  private void lokrAdapter(String x, String target, Double alpha) {
    List<String> keys = new ArrayList<>();
    for (String s :
        List.of(
            ".lokr_w1",
            ".lokr_w2",
            ".lokr_w1_a",
            ".lokr_w1_b",
            ".lokr_w2_a",
            ".lokr_w2_b",
            ".lokr_t2")) {
      if (has(x, s)) {
        keys.add(x + s);
      }
    }
    // The names are added to loaded_keys even when no adapter results (lokr.py 123-155).
    loaded.addAll(keys);
    boolean any =
        has(x, ".lokr_w1") || has(x, ".lokr_w2") || has(x, ".lokr_w1_a") || has(x, ".lokr_w2_a");
    if (!any) {
      return;
    }
    // calculate_weight (lokr.py 183-209): dim from w1_b, then from w2_b.
    TensorInfo dim = null;
    if (!has(x, ".lokr_w1")) {
      dim = get(x, ".lokr_w1_b");
    }
    if (!has(x, ".lokr_w2")) {
      dim = get(x, ".lokr_w2_b");
    }
    Double scale = alpha == null || dim == null ? 1.0 : scaleOf(alpha, dim);
    put(target, new Patch(x, "lokr", keys, scale, null, null));
  }

  /** weight_adapter/glora.py GLoRAAdapter.load (17-39). */
  private void gloraAdapter(String x, String target) {
    if (!has(x, ".a1.weight")) {
      return;
    }
    List<String> keys =
        List.of(x + ".a1.weight", x + ".a2.weight", x + ".b1.weight", x + ".b2.weight");
    for (String k : keys) {
      if (!lora.containsKey(k)) {
        failures.add(
            ComfyUiFailure.of(ComfyUiFailure.Kind.INCOMPLETE_LYCORIS, x, "KeyError: '" + k + "'"));
        keys.stream().filter(lora::containsKey).forEach(loaded::add);
        return;
      }
    }
    loaded.addAll(keys);
    put(target, new Patch(x, "glora", keys, null, null, null));
  }

  /** weight_adapter/oft.py (80-109, 3-dim blocks) and boft.py (17-46, 4-dim blocks). */
  private void oftAdapter(String x, String target, int ndim, String type) {
    TensorInfo blocks = get(x, ".oft_blocks");
    if (blocks == null || blocks.shape().size() != ndim) {
      return;
    }
    List<String> keys = new ArrayList<>(List.of(blocks.name()));
    if (has(x, ".rescale")) {
      keys.add(x + ".rescale");
    }
    loaded.addAll(keys);
    put(target, new Patch(x, type, keys, null, null, null));
  }

  /** Files the key under its module name, when the key map has that name. */
  private void index(String key, int split) {
    String module = key.substring(0, split);
    if (map.names().containsKey(module)) {
      suffixes.computeIfAbsent(module, k -> new HashSet<>(4)).add(key.substring(split));
    }
  }

  /** Whether the file has the key {@code x + suffix}, without building the string. */
  private boolean has(String x, String suffix) {
    Set<String> under = suffixes.get(x);
    return under != null && under.contains(suffix);
  }

  private TensorInfo get(String x, String suffix) {
    return has(x, suffix) ? lora.get(x + suffix) : null;
  }

  private static Double scaleOf(Double alpha, TensorInfo rankTensor) {
    if (alpha == null) {
      return 1.0;
    }
    if (rankTensor == null || rankTensor.shape().isEmpty() || rankTensor.dim(0) == 0) {
      return null;
    }
    return alpha / rankTensor.dim(0);
  }

  private Patch diff(String x, String suffix) {
    return new Patch(x, "diff", read(x + suffix), null, get(x, suffix), null);
  }

  private List<String> read(String key) {
    loaded.add(key);
    return List.of(key);
  }

  /** patch_dict[key] = ...: a later patch of the same key discards the earlier one silently. */
  private void put(String target, Patch p) {
    Patch old = patchDict.put(target, p);
    if (old != null) {
      String by = old.module().equals(p.module()) ? "its own " + p.type() + " patch" : p.module();
      ignore(old.keys(), Reason.SHADOWED, "replaced by " + by + " on " + target);
    }
  }

  /**
   * Why applying the patch fails, or null. LoRA: calculate_weight (lora.py 193-210) runs {@code
   * torch.mm(up.flatten(1), down.flatten(1)).reshape(weight.shape)} in a try that logs "ERROR lora"
   * and keeps the weight; a diff of another shape logs "WEIGHT NOT MERGED" (comfy/lora.py 398).
   */
  private static String misfit(Patch p, List<Long> weight) {
    if (p.type().equals("lora") && p.exactShapeKnown()) {
      List<Long> u = p.up().shape();
      List<Long> d = p.down().shape();
      if (u.size() < 2 || d.size() < 2) {
        return "up " + u + " and down " + d + " are not matrices";
      }
      long u1 = product(u.subList(1, u.size()));
      long d1 = product(d.subList(1, d.size()));
      if (u1 != d.get(0)) {
        return String.format(Locale.ROOT, "rank %d of up %s differs from down %s", u1, u, d);
      }
      if (u.get(0) * d1 != product(weight)) {
        return String.format(
            Locale.ROOT,
            "up %s @ down %s gives [%d, %d], which does not fit the weight %s",
            u,
            d,
            u.get(0),
            d1,
            weight);
      }
    }
    if (p.type().equals("diff") && p.up() != null && !p.up().shape().equals(weight)) {
      return "diff " + p.up().shape() + " is not the weight's shape " + weight;
    }
    return null;
  }

  private static long product(List<Long> dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  private void ignore(List<String> keys, Reason reason, String detail) {
    for (String k : keys) {
      ignored.add(IgnoredKey.of(k, reason, detail));
    }
  }

  /** Why a key was never read. */
  private void classify(String key) {
    String best = null;
    String suffix = null;
    List<String> suffixes = new ArrayList<>(READ_SUFFIXES);
    for (String[] f : LORA_FORMS) {
      suffixes.add(f[0]);
      suffixes.add(f[1]);
    }
    suffixes.add(DORA_MAGNITUDE);
    suffixes.add(LORA_B_BIAS);
    for (String s : suffixes) {
      if (key.endsWith(s) && key.length() > s.length()) {
        String m = key.substring(0, key.length() - s.length());
        if (map.names().containsKey(m) && (suffix == null || s.length() > suffix.length())) {
          best = m;
          suffix = s;
        }
      }
    }
    if (best != null) {
      if (suffix.equals(DORA_MAGNITUDE)) {
        ignored.add(IgnoredKey.of(key, Reason.DORA_MAGNITUDE, "ComfyUI reads only .dora_scale"));
      } else if (suffix.equals(LORA_B_BIAS)) {
        ignored.add(IgnoredKey.of(key, Reason.LORA_BIAS, "ComfyUI reads a bias delta as .diff_b"));
      } else if (isDown(suffix)) {
        ignored.add(
            IgnoredKey.of(key, Reason.DOWN_WITHOUT_UP, "no up weight " + best + upOf(suffix)));
      } else {
        ignored.add(
            IgnoredKey.of(
                key,
                Reason.UNKNOWN_SUFFIX,
                "'" + suffix + "' is read only together with its module's main tensors"));
      }
      return;
    }
    for (int i = key.lastIndexOf('.'); i > 0; i = key.lastIndexOf('.', i - 1)) {
      if (map.names().containsKey(key.substring(0, i))) {
        ignored.add(
            IgnoredKey.of(
                key,
                Reason.UNKNOWN_SUFFIX,
                "no ComfyUI adapter reads the suffix '" + key.substring(i) + "'"));
        return;
      }
    }
    ignored.add(IgnoredKey.of(key, Reason.NO_MAPPED_NAME, unmappedDetail(key, suffixes)));
  }

  private static boolean isDown(String suffix) {
    for (String[] f : LORA_FORMS) {
      if (f[1].equals(suffix)) {
        return true;
      }
    }
    return false;
  }

  private static String upOf(String down) {
    for (String[] f : LORA_FORMS) {
      if (f[1].equals(down)) {
        return f[0];
      }
    }
    return "";
  }

  /** A lower-case fragment saying which naming mistake a module name makes. */
  private String unmappedDetail(String key, List<String> suffixes) {
    String m = key;
    for (String s : suffixes) {
      if (key.endsWith(s) && key.length() > s.length()) {
        m = key.substring(0, key.length() - s.length());
        break;
      }
    }
    Map<String, String> n = map.names();
    if (m.startsWith("base_model.model.")) {
      return "ComfyUI maps 'base_model.model.' only for SD3, PixArt and HunyuanDiT";
    }
    if (m.startsWith("lora_transformer_")) {
      return "ComfyUI maps 'lora_transformer_' only for SD3 and Flux";
    }
    if (m.startsWith("text_encoders.")
        || m.startsWith("text_encoder.")
        || m.startsWith("text_encoder_2.")
        || m.startsWith("lora_te")) {
      return "a text-encoder name; LoraLoaderModelOnly maps the diffusion model only";
    }
    if (m.startsWith("unet.") || m.contains(".processor.")) {
      return "a diffusers UNet name; ComfyUI maps those only for UNet models";
    }
    if (m.startsWith("lora_unet_") && m.indexOf('.') >= 0) {
      String kohya = "lora_unet_" + m.substring("lora_unet_".length()).replace('.', '_');
      if (n.containsKey(kohya)) {
        return "a lora_unet_ name with dots; ComfyUI maps " + kohya;
      }
    }
    if (n.containsKey("lora_unet_" + m)) {
      return "a kohya name without its prefix; ComfyUI maps lora_unet_" + m;
    }
    return "names no weight of ComfyUI's " + map.modelClass() + " model";
  }
}
