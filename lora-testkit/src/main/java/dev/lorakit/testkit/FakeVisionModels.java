package dev.lorakit.testkit;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Tiny ONNX models with the inputs and outputs of the real WD14 v3 tagger, YuNet and SCRFD face
 * detectors and SFace and ArcFace embedders, whose outputs are simple, known functions of the
 * image, plus a painter for the "faces" they detect. Nothing here is a trained model; what it
 * checks is the plumbing: names, shapes, layouts, channel orders, paddings and decoders.
 *
 * <ul>
 *   <li>The tagger scores labels from the image's mean colour per BGR channel (see {@link #TAGS}).
 *   <li>The detectors fire on 32×32 cells (in detector pixels) that are red (R = 255): such a
 *       "marker" cell is the top-left cell of a face square of {@code k × 32} pixels, and the
 *       detectors report exactly that square with the ArcFace template's landmarks scaled onto it.
 *   <li>The embedders average each channel over the four quadrants of the aligned 112×112 crop;
 *       dimensions 0-3 are the green quadrants, 4-7 the blue ones, the rest zero.
 * </ul>
 *
 * <pre>{@code
 * Path det = FakeVisionModels.yunet(dir.resolve("yunet.onnx"), 4);
 * Path emb = FakeVisionModels.sface(dir.resolve("sface.onnx"));
 * BufferedImage img = FakeVisionModels.canvas(640, 640);
 * FakeVisionModels.paintFace(img, 128, 128, 128, 32, 120, new int[] {255, 0, 0, 0});
 * }</pre>
 */
public final class FakeVisionModels {
  /**
   * The tagger's labels as {@code selected_tags.csv} rows (name, category) and the rule that scores
   * each: {@code sigmoid(10 * mean(channel) / 255 - 5)} for a colour label, a constant sigmoid of
   * the bias otherwise.
   */
  public static final List<String[]> TAGS =
      List.of(
          new String[] {"general", "9"},
          new String[] {"sensitive", "9"},
          new String[] {"questionable", "9"},
          new String[] {"explicit", "9"},
          new String[] {"blue_background", "0"}, // mean B
          new String[] {"red_theme", "0"}, // mean R
          new String[] {"looking_at_viewer", "0"}, // mean G
          new String[] {"brown_eyes", "0"}, // constant sigmoid(5) = 0.9933
          new String[] {"^_^", "0"}, // constant sigmoid(3) = 0.9526
          new String[] {"hatsune_miku", "4"}, // constant sigmoid(0) = 0.5
          new String[] {"upper_body", "0"}); // constant sigmoid(4) = 0.9820, a framing tag

  /** The ArcFace 112×112 template (insightface {@code utils/face_align.py arcface_dst}). */
  static final double[][] TEMPLATE = {
    {38.2946, 51.6963},
    {73.5318, 51.5014},
    {56.0252, 71.7366},
    {41.5493, 92.3655},
    {70.7299, 92.2041}
  };

  private FakeVisionModels() {}

  /**
   * Writes {@code model.onnx} ([1,448,448,3] NHWC in, [1,11] out) and {@code selected_tags.csv}.
   */
  public static Path[] wd14(Path dir) {
    int n = TAGS.size();
    float[] w = new float[3 * n];
    float[] b = new float[n];
    for (int i = 0; i < 4; i++) {
      b[i] = 2;
    }
    // input channels are B, G, R (index 0, 1, 2)
    w[0 * n + 4] = 10;
    b[4] = -5;
    w[2 * n + 5] = 10;
    b[5] = -5;
    w[1 * n + 6] = 10;
    b[6] = -5;
    b[7] = 5;
    b[8] = 3;
    b[9] = 0;
    b[10] = 4;
    byte[] model =
        OnnxGraph.create("wd14-fake")
            .input("input", 1, 448, 448, 3)
            .output("output", 1, n)
            .floats("inv255", new long[] {1}, new float[] {1f / 255f})
            .floats("w", new long[] {3, n}, w)
            .floats("b", new long[] {n}, b)
            .node(
                "ReduceMean",
                List.of("input"),
                List.of("mean"),
                Map.of("axes", new long[] {1, 2}, "keepdims", 0L))
            .node("Mul", List.of("mean", "inv255"), List.of("unit"), Map.of())
            .node("MatMul", List.of("unit", "w"), List.of("logits0"), Map.of())
            .node("Add", List.of("logits0", "b"), List.of("logits"), Map.of())
            .node("Sigmoid", List.of("logits"), List.of("output"), Map.of())
            .toBytes();
    StringBuilder csv = new StringBuilder("tag_id,name,category,count\n");
    for (int i = 0; i < n; i++) {
      csv.append(1000 + i)
          .append(',')
          .append(TAGS.get(i)[0])
          .append(',')
          .append(TAGS.get(i)[1])
          .append(",100\n");
    }
    Path m = dir.resolve("model.onnx");
    Path t = dir.resolve("selected_tags.csv");
    write(m, model);
    write(t, csv.toString().getBytes(StandardCharsets.UTF_8));
    return new Path[] {m, t};
  }

  /**
   * A YuNet-shaped detector (input {@code input} [1,3,640,640] BGR, outputs {@code cls_8 ..
   * kps_32}) reporting a face of {@code k × 32} pixels for every red 32-pixel cell.
   */
  public static Path yunet(Path file, int k) {
    OnnxGraph g = OnnxGraph.create("yunet-fake").input("input", 1, 3, 640, 640);
    int[] strides = {8, 16, 32};
    for (int s : strides) {
      long cells = (640L / s) * (640L / s);
      g.output("cls_" + s, 1, cells, 1)
          .output("obj_" + s, 1, cells, 1)
          .output("bbox_" + s, 1, cells, 4)
          .output("kps_" + s, 1, cells, 10);
    }
    for (String kind : new String[] {"cls", "obj", "bbox", "kps"}) {
      for (int s : strides) {
        int ch = kind.equals("bbox") ? 4 : kind.equals("kps") ? 10 : 1;
        String out = kind + "_" + s;
        float[] bias = new float[ch];
        float[] weight;
        int kernel;
        if (kind.equals("cls") && s == 32) {
          kernel = 32;
          weight = new float[3 * 32 * 32];
          for (int i = 0; i < 32 * 32; i++) {
            weight[2 * 32 * 32 + i] = 1f / (255f * 32 * 32); // channel 2 is R in BGR
          }
        } else {
          kernel = 1;
          weight = new float[ch * 3];
          if (kind.equals("obj")) {
            bias[0] = 1;
          } else if (kind.equals("bbox")) {
            bias[0] = k / 2f;
            bias[1] = k / 2f;
            bias[2] = (float) Math.log(k);
            bias[3] = (float) Math.log(k);
          } else if (kind.equals("kps")) {
            for (int p = 0; p < 5; p++) {
              bias[2 * p] = (float) (TEMPLATE[p][0] / 112 * k);
              bias[2 * p + 1] = (float) (TEMPLATE[p][1] / 112 * k);
            }
          }
        }
        g.floats(out + "_w", new long[] {ch, 3, kernel, kernel}, weight)
            .floats(out + "_b", new long[] {ch}, bias)
            .longs(out + "_shape", 1, -1, ch)
            .node(
                "Conv",
                List.of("input", out + "_w", out + "_b"),
                List.of(out + "_map"),
                Map.of("kernel_shape", new long[] {kernel, kernel}, "strides", new long[] {s, s}))
            .node(
                "Transpose",
                List.of(out + "_map"),
                List.of(out + "_t"),
                Map.of("perm", new long[] {0, 2, 3, 1}))
            .node("Reshape", List.of(out + "_t", out + "_shape"), List.of(out), Map.of());
      }
    }
    byte[] bytes = g.toBytes();
    write(file, bytes);
    return file;
  }

  /**
   * An SCRFD-shaped detector (input {@code input.1} [1,3,?,?], 9 outputs: scores, boxes and key
   * points for strides 8/16/32 with 2 anchors per cell) reporting a face of {@code k × 32} pixels
   * for every red 32-pixel cell.
   */
  public static Path scrfd(Path file, int k) {
    OnnxGraph g =
        OnnxGraph.create("scrfd-fake").input("input.1", 1, 3, OnnxGraph.DYNAMIC, OnnxGraph.DYNAMIC);
    int[] strides = {8, 16, 32};
    String[] kinds = {"score", "bbox", "kps"};
    for (String kind : kinds) {
      for (int s : strides) {
        int ch = kind.equals("bbox") ? 4 : kind.equals("kps") ? 10 : 1;
        g.output(kind + "_" + s, OnnxGraph.DYNAMIC, ch);
      }
    }
    for (String kind : kinds) {
      for (int s : strides) {
        int ch = kind.equals("bbox") ? 4 : kind.equals("kps") ? 10 : 1;
        String out = kind + "_" + s;
        float[] bias = new float[ch];
        float[] weight;
        int kernel;
        if (kind.equals("score") && s == 32) {
          kernel = 32;
          weight = new float[3 * 32 * 32];
          // input is (x - 127.5) / 128, RGB: the mean of channel 0 maps red to ~1, black to ~-1
          for (int i = 0; i < 32 * 32; i++) {
            weight[i] = 1f / (32 * 32);
          }
        } else {
          kernel = 1;
          weight = new float[ch * 3];
          if (kind.equals("score")) {
            bias[0] = -10;
          } else if (kind.equals("bbox")) {
            bias[2] = k;
            bias[3] = k;
          } else {
            for (int p = 0; p < 5; p++) {
              bias[2 * p] = (float) (TEMPLATE[p][0] / 112 * k);
              bias[2 * p + 1] = (float) (TEMPLATE[p][1] / 112 * k);
            }
          }
        }
        g.floats(out + "_w", new long[] {ch, 3, kernel, kernel}, weight)
            .floats(out + "_b", new long[] {ch}, bias)
            .longs(out + "_shape", -1, ch)
            .node(
                "Conv",
                List.of("input.1", out + "_w", out + "_b"),
                List.of(out + "_map"),
                Map.of("kernel_shape", new long[] {kernel, kernel}, "strides", new long[] {s, s}))
            .node(
                "Concat",
                List.of(out + "_map", out + "_map"),
                List.of(out + "_2"),
                Map.of("axis", 1L))
            .node(
                "Transpose",
                List.of(out + "_2"),
                List.of(out + "_t"),
                Map.of("perm", new long[] {0, 2, 3, 1}))
            .node("Reshape", List.of(out + "_t", out + "_shape"), List.of(out), Map.of());
      }
    }
    write(file, g.toBytes());
    return file;
  }

  /** An SFace-shaped embedder: input {@code data} [1,3,112,112], output {@code fc1} [1,128]. */
  public static Path sface(Path file) {
    write(file, embedder("data", "fc1", 128));
    return file;
  }

  /** An ArcFace-shaped embedder: input {@code input.1} [N,3,112,112], output [N,512]. */
  public static Path arcface(Path file) {
    write(file, embedder("input.1", "683", 512));
    return file;
  }

  private static byte[] embedder(String in, String out, int dims) {
    float[] w = new float[12 * dims];
    for (int q = 0; q < 4; q++) {
      w[(4 + q) * dims + q] = 1; // green quadrant q
      w[(8 + q) * dims + 4 + q] = 1; // blue quadrant q
    }
    return OnnxGraph.create("embedder-fake")
        .input(in, in.equals("data") ? 1 : OnnxGraph.DYNAMIC, 3, 112, 112)
        .output(out, in.equals("data") ? 1 : OnnxGraph.DYNAMIC, dims)
        .floats("w", new long[] {12, dims}, w)
        .node(
            "AveragePool",
            List.of(in),
            List.of("quadrants"),
            Map.of("kernel_shape", new long[] {56, 56}, "strides", new long[] {56, 56}))
        .node("Flatten", List.of("quadrants"), List.of("flat"), Map.of("axis", 1L))
        .node("MatMul", List.of("flat", "w"), List.of(out), Map.of())
        .toBytes();
  }

  /** A black RGB canvas. */
  public static BufferedImage canvas(int width, int height) {
    return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
  }

  /**
   * Paints a fake face: a {@code side}-pixel square at {@code (x, y)} with green {@code green}
   * everywhere and blue {@code blue[q]} in quadrant q (top-left, top-right, bottom-left,
   * bottom-right), and red 255 in its top-left {@code marker}-pixel cell, which is what the fake
   * detectors fire on (32 detector pixels: {@code marker = 32 / detector scale}).
   */
  public static void paintFace(
      BufferedImage img, int x, int y, int side, int marker, int green, int[] blue) {
    int half = side / 2;
    for (int dy = 0; dy < side; dy++) {
      for (int dx = 0; dx < side; dx++) {
        int q = (dy < half ? 0 : 2) + (dx < half ? 0 : 1);
        int r = dx < marker && dy < marker ? 255 : 0;
        img.setRGB(x + dx, y + dy, r << 16 | (green & 0xff) << 8 | (blue[q] & 0xff));
      }
    }
  }

  /**
   * Writes the guide's layout with planted face cases for the fake models above (faces of 128
   * pixels with 32-pixel markers on 640×640 PNGs) and returns the planted case of each file: {@code
   * face.identity-outlier}, {@code face.none}, {@code face.several}, {@code face.too-small} and
   * {@code face.in-body-photo}. The other images are five consistent character faces and a body
   * photo without a face; every image has a trigger-first caption.
   */
  public static Map<String, String> plantedFaceDataset(Path root, String trigger) {
    String ch = "40_" + trigger;
    String body = "20_" + trigger + "_realbody";
    Map<String, String> planted = new java.util.LinkedHashMap<>();
    for (int i = 1; i <= 5; i++) {
      BufferedImage img = canvas(640, 640);
      int[] blue = new int[4];
      blue[(i - 1) % 4] = 60;
      paintFace(img, 128, 128, 128, 32, 200, blue);
      png(root.resolve(ch + "/img00" + i + ".png"), img, trigger + ", portrait");
    }
    BufferedImage outlier = canvas(640, 640);
    paintFace(outlier, 128, 128, 128, 32, 0, new int[] {255, 255, 255, 255});
    png(root.resolve(ch + "/img006.png"), outlier, trigger + ", portrait");
    planted.put(ch + "/img006.png", "face.identity-outlier");
    png(root.resolve(ch + "/img007.png"), canvas(640, 640), trigger + ", from behind");
    planted.put(ch + "/img007.png", "face.none");
    BufferedImage two = canvas(640, 640);
    paintFace(two, 64, 64, 128, 32, 200, new int[] {60, 0, 0, 0});
    paintFace(two, 384, 384, 128, 32, 200, new int[] {0, 60, 0, 0});
    png(root.resolve(ch + "/img008.png"), two, trigger + ", two people");
    planted.put(ch + "/img008.png", "face.several");
    BufferedImage small = canvas(320, 320);
    paintFace(small, 64, 64, 64, 16, 200, new int[] {0, 0, 60, 0});
    png(root.resolve(ch + "/img009.png"), small, trigger + ", full body");
    planted.put(ch + "/img009.png", "face.too-small");
    BufferedImage stranger = canvas(640, 640);
    paintFace(stranger, 256, 64, 128, 32, 90, new int[] {90, 90, 90, 90});
    png(root.resolve(body + "/body001.png"), stranger, trigger + ", realistic_body, torso");
    planted.put(body + "/body001.png", "face.in-body-photo");
    png(root.resolve(body + "/body002.png"), canvas(640, 640), trigger + ", realistic_body, legs");
    return planted;
  }

  /**
   * Writes a character folder of four faces that share green 120 and each carry blue 255 in their
   * own quadrant, and a run folder whose samples, by step, drift towards the character and then
   * copy {@code img001}: step 200 (green 40, blue 200), 400 (100, 100), 600 (188, 100; the
   * centroid's direction), 800 (a copy of img001), two samples each, with a checkpoint file per
   * step. By the definitions (cosine to the centroid; max cosine to one training face) identity
   * ranks 600 (1.000), 400 (0.956), 800 (0.776), 200 (0.633), and 800 alone copies (copycat 1.0).
   */
  public static void improvingThenCopyingRun(Path dataset, Path run, String trigger) {
    String ch = "40_" + trigger;
    for (int i = 0; i < 4; i++) {
      BufferedImage img = canvas(640, 640);
      int[] blue = new int[4];
      blue[i] = 255;
      paintFace(img, 128, 128, 128, 32, 120, blue);
      png(dataset.resolve(ch + "/img00" + (i + 1) + ".png"), img, trigger + ", portrait");
    }
    int[][] samples = {{200, 40, 200}, {400, 100, 100}, {600, 188, 100}};
    for (int[] s : samples) {
      for (int idx = 0; idx < 2; idx++) {
        BufferedImage img = canvas(640, 640);
        paintFace(img, 192, 160, 128, 32, s[1], new int[] {s[2], s[2], s[2], s[2]});
        png(run.resolve(sampleName(s[0], idx)), img, null);
      }
    }
    for (int idx = 0; idx < 2; idx++) {
      BufferedImage copy = canvas(640, 640);
      paintFace(copy, 128, 128, 128, 32, 120, new int[] {255, 0, 0, 0});
      png(run.resolve(sampleName(800, idx)), copy, null);
    }
    for (int step : new int[] {200, 400, 600, 800}) {
      write(
          run.resolve(
              String.format(java.util.Locale.ROOT, "%s_lora_%09d.safetensors", trigger, step)),
          new byte[0]);
    }
  }

  private static String sampleName(int step, int idx) {
    return String.format(
        java.util.Locale.ROOT, "samples/%d__%09d_%d.png", 1764000000000L + step, step, idx);
  }

  private static void png(Path file, BufferedImage img, String caption) {
    try {
      Files.createDirectories(file.getParent());
      javax.imageio.ImageIO.write(img, "png", file.toFile());
      if (caption != null) {
        String name = file.getFileName().toString();
        Files.writeString(
            file.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".txt"), caption);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, byte[] bytes) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
