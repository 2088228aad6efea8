package dev.lorakit.testkit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import javax.imageio.ImageIO;

/**
 * Writes a dataset laid out like the guide's ({@code 40_<trigger>}, {@code 20_<trigger>_realbody},
 * and a {@code control} folder with same-stem images for Qwen-Image-Edit-2509), with procedurally
 * drawn images and captions that follow the guide, optionally with planted defects.
 *
 * <pre>{@code
 * ExampleDataset.Layout layout = ExampleDataset.builder("maya_char")
 *     .characterImages(14).bodyImages(6)
 *     .defects(EnumSet.of(ExampleDataset.Defect.MISSING_TRIGGER))
 *     .write(tempDir, new SplittableRandom(7));
 * }</pre>
 */
public final class ExampleDataset {
  /** Mistakes the dataset can contain on purpose, one file each. */
  public enum Defect {
    /** The first character caption does not contain the trigger. */
    MISSING_TRIGGER,
    /** One character image is 700 px on its short side. */
    SMALL_IMAGE,
    /** One character image is a byte-for-byte copy of another. */
    EXACT_DUPLICATE
  }

  /** What was written, with the paths of the planted defects (relative, {@code /}). */
  public static final class Layout {
    private final Path root;
    private final List<String> defectFiles;

    Layout(Path root, List<String> defectFiles) {
      this.root = root;
      this.defectFiles = List.copyOf(defectFiles);
    }

    public Path root() {
      return root;
    }

    public List<String> defectFiles() {
      return defectFiles;
    }
  }

  private static final String[] FACE = {"portrait", "closeup"};
  private static final String[] FULL = {"full body"};
  private static final String[] VARIETY = {"cowboy shot", "upper body", "half body"};
  private static final String[] POSES = {"standing", "sitting", "walking", "leaning", "smiling"};
  private static final String[] LIGHT = {"soft lighting", "natural lighting", "studio lighting"};
  private static final String[] BODY_PARTS = {"legs", "torso", "full body detail"};

  private final String trigger;
  private int characterImages = 14;
  private int bodyImages = 6;
  private int characterRepeats = 40;
  private int bodyRepeats = 20;
  private int size = 1024;
  private boolean controls = true;
  private Set<Defect> defects = EnumSet.noneOf(Defect.class);

  private ExampleDataset(String trigger) {
    this.trigger = Objects.requireNonNull(trigger, "trigger");
  }

  public static ExampleDataset builder(String trigger) {
    return new ExampleDataset(trigger);
  }

  public ExampleDataset characterImages(int count) {
    this.characterImages = count;
    return this;
  }

  public ExampleDataset bodyImages(int count) {
    this.bodyImages = count;
    return this;
  }

  public ExampleDataset repeats(int character, int body) {
    this.characterRepeats = character;
    this.bodyRepeats = body;
    return this;
  }

  /** Short side of the normal images, 1024 by default. */
  public ExampleDataset size(int pixels) {
    this.size = pixels;
    return this;
  }

  /** Whether to write a {@code control} folder with a same-stem image per training image. */
  public ExampleDataset controls(boolean write) {
    this.controls = write;
    return this;
  }

  public ExampleDataset defects(Set<Defect> planted) {
    this.defects = planted.isEmpty() ? EnumSet.noneOf(Defect.class) : EnumSet.copyOf(planted);
    return this;
  }

  /** Writes the dataset under {@code root} (created if missing). */
  public Layout write(Path root, RandomGenerator rng) {
    try {
      List<String> defectFiles = new ArrayList<>();
      String characterDir = characterRepeats + "_" + trigger;
      String bodyDir = bodyRepeats + "_" + trigger + "_realbody";
      Files.createDirectories(root.resolve(characterDir));
      Files.createDirectories(root.resolve(bodyDir));
      if (controls) {
        Files.createDirectories(root.resolve("control"));
      }
      for (int i = 0; i < characterImages; i++) {
        String stem = String.format(Locale.ROOT, "img%03d", i + 1);
        String framing = framing(i);
        boolean small = defects.contains(Defect.SMALL_IMAGE) && i == 1;
        int w = small ? 700 : size;
        int h = small ? 700 : (framing.equals("full body") ? size * 3 / 2 : size);
        image(root.resolve(characterDir).resolve(stem + ".jpg"), w, h, rng, false);
        if (small) {
          defectFiles.add(characterDir + "/" + stem + ".jpg");
        }
        String caption =
            String.join(
                ", ",
                trigger,
                framing,
                POSES[rng.nextInt(POSES.length)],
                LIGHT[rng.nextInt(LIGHT.length)],
                "front view");
        if (defects.contains(Defect.MISSING_TRIGGER) && i == 0) {
          caption = caption.substring(trigger.length() + 2);
          defectFiles.add(characterDir + "/" + stem + ".txt");
        }
        caption(root.resolve(characterDir).resolve(stem + ".txt"), caption);
        if (controls) {
          image(root.resolve("control").resolve(stem + ".jpg"), size, size, rng, true);
        }
      }
      if (defects.contains(Defect.EXACT_DUPLICATE) && characterImages >= 3) {
        String stem = String.format(Locale.ROOT, "img%03d", characterImages + 1);
        Files.copy(
            root.resolve(characterDir).resolve("img003.jpg"),
            root.resolve(characterDir).resolve(stem + ".jpg"),
            StandardCopyOption.REPLACE_EXISTING);
        caption(
            root.resolve(characterDir).resolve(stem + ".txt"),
            trigger + ", " + framing(2) + ", standing, soft lighting, side view");
        if (controls) {
          image(root.resolve("control").resolve(stem + ".jpg"), size, size, rng, true);
        }
        defectFiles.add(characterDir + "/" + stem + ".jpg");
      }
      for (int i = 0; i < bodyImages; i++) {
        String stem = String.format(Locale.ROOT, "body%03d", i + 1);
        image(root.resolve(bodyDir).resolve(stem + ".jpg"), size, size * 3 / 2, rng, false);
        caption(
            root.resolve(bodyDir).resolve(stem + ".txt"),
            String.join(
                ", ",
                trigger,
                "realistic_body",
                BODY_PARTS[i % BODY_PARTS.length],
                POSES[rng.nextInt(3)],
                LIGHT[rng.nextInt(LIGHT.length)],
                "detailed skin texture"));
        if (controls) {
          image(root.resolve("control").resolve(stem + ".jpg"), size, size, rng, true);
        }
      }
      return new Layout(root, defectFiles);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The guide's mix: 2/7 face closeups, 3/7 full body, 2/7 variety shots. */
  private String framing(int i) {
    int slot = i % 7;
    if (slot < 2) {
      return FACE[i % FACE.length];
    }
    if (slot < 5) {
      return FULL[0];
    }
    return VARIETY[i % VARIETY.length];
  }

  private static void caption(Path file, String text) throws IOException {
    Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
  }

  /** A figure on a gradient background; every image differs, so none is a near duplicate. */
  private static void image(Path file, int w, int h, RandomGenerator rng, boolean control)
      throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      Color a = new Color(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256));
      Color b = new Color(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256));
      g.setPaint(new GradientPaint(0, 0, a, rng.nextInt(w), h, b));
      g.fillRect(0, 0, w, h);
      for (int i = 0; i < 12; i++) {
        g.setColor(new Color(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256), 90));
        int s = 40 + rng.nextInt(Math.max(1, w / 3));
        g.fillRect(rng.nextInt(w), rng.nextInt(h), s, s / 2 + rng.nextInt(s));
      }
      int cx = w / 2 + rng.nextInt(w / 5) - w / 10;
      g.setColor(new Color(230, 190, 160));
      g.fillOval(cx - w / 10, h / 8, w / 5, w / 4);
      g.setStroke(new BasicStroke(Math.max(4, w / 40f)));
      g.setColor(control ? Color.DARK_GRAY : new Color(60 + rng.nextInt(120), 40, 90));
      g.drawLine(cx, h / 8 + w / 4, cx, h * 3 / 4);
      g.drawLine(cx, h * 3 / 4, cx - w / 8, h - h / 16);
      g.drawLine(cx, h * 3 / 4, cx + w / 8, h - h / 16);
      g.drawLine(cx - w / 6, h / 2 - rng.nextInt(h / 8), cx + w / 6, h / 2 - rng.nextInt(h / 8));
    } finally {
      g.dispose();
    }
    if (!ImageIO.write(img, "jpg", file.toFile())) {
      throw new IOException("no JPEG writer");
    }
  }
}
