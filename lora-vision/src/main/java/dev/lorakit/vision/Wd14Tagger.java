package dev.lorakit.vision;

import dev.lorakit.core.caption.TagCategory;
import dev.lorakit.core.caption.TagScore;
import dev.lorakit.core.caption.Tagger;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A WD14 v3 tagger (SmilingWolf {@code wd-*-tagger-v3}) on ONNX Runtime, CPU. Preprocessing as in
 * SmilingWolf's demo and kohya-ss sd-scripts {@code tag_images_by_wd14_tagger.py}
 * (landscape-2026.md §3.2): alpha onto white, padded to a white square, resized to the model's own
 * input side (read from the session, 448 for v3), RGB to BGR, raw 0-255 floats, NHWC.
 *
 * <pre>{@code
 * try (Wd14Tagger tagger = Wd14Tagger.open(Path.of("model.onnx"), Path.of("selected_tags.csv"))) {
 *   Caption base = TagScore.caption(tagger.tag(ImageIO.read(file)), 0.35, 0.85);
 * }
 * }</pre>
 */
public final class Wd14Tagger implements Tagger {
  /** Where the model comes from; lorakit never downloads it. */
  public static final String WHERE =
      "download model.onnx and selected_tags.csv of a WD14 v3 tagger (e.g."
          + " huggingface.co/SmilingWolf/wd-vit-tagger-v3) and pass --wd14 and --tags";

  /**
   * Emoticon tags whose underscore is part of the face, left as they are when underscores become
   * spaces (the list of SmilingWolf's demo and sd-scripts).
   */
  static final Set<String> KAOMOJI =
      Set.of(
          "0_0", "(o)_(o)", "+_+", "+_-", "._.", "<o>_<o>", "<|>_<|>", "=_=", ">_<", "3_3", "6_9",
          ">_o", "@_@", "^_^", "o_o", "u_u", "x_x", "|_|", "||_||");

  private final OnnxModel model;
  private final List<String> names;
  private final List<TagCategory> categories;
  private final int side;
  private final boolean nhwc;

  private Wd14Tagger(OnnxModel model, List<String> names, List<TagCategory> categories) {
    this.model = model;
    this.names = names;
    this.categories = categories;
    long[] s = model.inputShape;
    if (s.length != 4) {
      throw fail("input " + model.inputName + " has rank " + s.length + ", a WD14 tagger has 4");
    }
    // v3 exports are NHWC [N, 448, 448, 3]; accept NCHW only when the channel axis says so.
    this.nhwc = s[3] == 3 || s[1] != 3;
    int h = model.inputDim(nhwc ? 1 : 2, -1);
    int w = model.inputDim(nhwc ? 2 : 3, -1);
    if (h <= 0 || w <= 0 || h != w) {
      throw fail(
          "input "
              + model.inputName
              + " has shape "
              + java.util.Arrays.toString(s)
              + "; a WD14 tagger takes a fixed square image");
    }
    this.side = h;
    if (model.outputNames.size() != 1) {
      throw fail("has " + model.outputNames.size() + " outputs, a WD14 tagger has 1");
    }
    long[] out = model.outputShapes.get(model.outputNames.get(0));
    long labels = out.length == 0 ? -1 : out[out.length - 1];
    if (labels > 0 && labels != names.size()) {
      throw new ModelFileException(
          String.format(
              Locale.ROOT,
              "%s has %d outputs but the tags file has %d rows",
              model.file,
              labels,
              names.size()),
          "pass the selected_tags.csv that came with this model");
    }
  }

  /**
   * Opens a tagger; a missing or mismatched file is a {@link ModelFileException} naming it and
   * where to get it.
   */
  public static Wd14Tagger open(Path modelFile, Path tagsCsv) {
    List<String> names = new ArrayList<>();
    List<TagCategory> categories = new ArrayList<>();
    readTags(tagsCsv, names, categories);
    OnnxModel model = OnnxModel.open(modelFile, "WD14 tagger", WHERE);
    try {
      return new Wd14Tagger(model, names, categories);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** The model's input side (448 for v3). */
  public int inputSize() {
    return side;
  }

  @Override
  public List<TagScore> tag(BufferedImage image) {
    Objects.requireNonNull(image, "image");
    Pixels p = Pixels.of(image, 0xffffff).padSquare(0xffffff).resize(side, side);
    float[] input = new float[side * side * 3];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int rgb = p.at(x, y);
        float r = (rgb >> 16) & 0xff;
        float g = (rgb >> 8) & 0xff;
        float b = rgb & 0xff;
        int i = y * side + x;
        if (nhwc) {
          input[i * 3] = b;
          input[i * 3 + 1] = g;
          input[i * 3 + 2] = r;
        } else {
          input[i] = b;
          input[side * side + i] = g;
          input[2 * side * side + i] = r;
        }
      }
    }
    long[] shape = nhwc ? new long[] {1, side, side, 3} : new long[] {1, 3, side, side};
    float[] out = model.run(input, shape).values().iterator().next();
    if (out.length != names.size()) {
      throw new ModelFileException(
          String.format(
              Locale.ROOT,
              "%s gave %d scores but the tags file has %d rows",
              model.file,
              out.length,
              names.size()),
          "pass the selected_tags.csv that came with this model");
    }
    // v3 exports end in a sigmoid, so the outputs are probabilities; apply one only if not.
    boolean probabilities = true;
    for (float v : out) {
      if (!(v >= 0f && v <= 1f)) {
        probabilities = false;
        break;
      }
    }
    List<TagScore> scores = new ArrayList<>(out.length);
    for (int i = 0; i < out.length; i++) {
      double v = probabilities ? out[i] : 1 / (1 + Math.exp(-out[i]));
      scores.add(TagScore.of(names.get(i), categories.get(i), v));
    }
    return scores;
  }

  private ModelFileException fail(String what) {
    return new ModelFileException(model.file + " " + what, WHERE);
  }

  /** Reads {@code tag_id,name,category,count} rows; names get spaces except kaomoji. */
  static void readTags(Path csv, List<String> names, List<TagCategory> categories) {
    if (csv == null || !Files.isRegularFile(csv)) {
      throw new ModelFileException("tags file " + csv + " not found", WHERE);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ModelFileException(
          "tags file " + csv + " cannot be read: " + e.getMessage(), WHERE);
    }
    if (lines.isEmpty()) {
      throw new ModelFileException("tags file " + csv + " is empty", WHERE);
    }
    List<String> header = csvRow(lines.get(0));
    int name = header.indexOf("name");
    int category = header.indexOf("category");
    if (name < 0 || category < 0) {
      throw new ModelFileException(
          "tags file " + csv + " has no name and category columns (header: " + lines.get(0) + ")",
          "pass the model's selected_tags.csv (tag_id,name,category,count)");
    }
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> row = csvRow(lines.get(i));
      if (row.size() <= Math.max(name, category)) {
        throw new ModelFileException(
            "tags file " + csv + " line " + (i + 1) + " has " + row.size() + " columns",
            "pass the model's selected_tags.csv unchanged");
      }
      int cat;
      try {
        cat = Integer.parseInt(row.get(category).strip());
      } catch (NumberFormatException e) {
        throw new ModelFileException(
            "tags file " + csv + " line " + (i + 1) + " has category '" + row.get(category) + "'",
            "pass the model's selected_tags.csv unchanged");
      }
      String n = row.get(name);
      names.add(KAOMOJI.contains(n) ? n : n.replace('_', ' '));
      categories.add(TagCategory.ofWd14(cat));
    }
  }

  private static List<String> csvRow(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    out.add(cell.toString());
    return out;
  }

  @Override
  public void close() {
    model.close();
  }
}
