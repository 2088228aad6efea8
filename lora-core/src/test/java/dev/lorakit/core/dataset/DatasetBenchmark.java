package dev.lorakit.core.dataset;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.rules.DatasetRules;
import dev.lorakit.core.validation.ValidationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Throughput of {@link DatasetScanner} over a generated dataset; not a test (Surefire does not run
 * it). Run after {@code mvn -o -pl lora-core test-compile}:
 *
 * <pre>
 * mvn -o -q -pl lora-core dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp lora-core/target/classes:lora-core/target/test-classes:$(cat lora-core/target/cp.txt) \
 *     dev.lorakit.core.dataset.DatasetBenchmark /tmp/lorakit-bench 2000 [header-only|generate-only]
 * </pre>
 *
 * The dataset (mixed 1024-2048 px JPEG, PNG and WebP with captions, 70:30 in two repeat folders) is
 * generated once into the folder and reused.
 */
public final class DatasetBenchmark {
  private DatasetBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "/tmp/lorakit-bench");
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    generate(root, count);
    if (args.length > 2 && args[2].equals("generate-only")) {
      return; // bench/whole-process.sh makes the dataset this way
    }
    System.out.printf(
        Locale.ROOT,
        "machine: %s, %d processors, %s %s, max heap %d MiB%n",
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);

    System.out.println("load average at start: " + loadAverage());
    ScanOptions header = ScanOptions.builder().hashing(ScanOptions.Hashing.NONE).build();
    ScanOptions headerHash = ScanOptions.defaults();
    ScanOptions headerAllHash = ScanOptions.builder().hashing(ScanOptions.Hashing.ALL).build();
    ScanOptions oneThread =
        ScanOptions.builder().hashing(ScanOptions.Hashing.NONE).threads(1).build();
    ScanOptions perceptual =
        ScanOptions.builder().hashing(ScanOptions.Hashing.NONE).perceptualHash(true).build();
    ScanOptions deep = ScanOptions.builder().deep(true).build();

    long tc = System.nanoTime();
    DatasetSnapshot first = DatasetScanner.of(header).scan(root);
    double cold = (System.nanoTime() - tc) / 1e9;
    int images = first.images().size();
    System.out.printf(
        Locale.ROOT,
        "dataset: %s, %d images, %d captions, %d MiB%n",
        root,
        images,
        first.captions().size(),
        first.images().stream().mapToLong(ImageEntry::byteSize).sum() >> 20);

    report(
        "header mode, first scan in the JVM (cold code, warm page cache)",
        images,
        new double[] {cold});
    report(
        "header mode, 2 threads, no hashing (warm)",
        images,
        time(() -> DatasetScanner.of(header).scan(root), 15));
    report(
        "header mode, 1 thread, no hashing (warm)",
        images,
        time(() -> DatasetScanner.of(oneThread).scan(root), 5));
    report(
        "header mode, default (SHA-256 of same-size files)",
        images,
        time(() -> DatasetScanner.of(headerHash).scan(root), 10));
    report(
        "header mode, SHA-256 of every file",
        images,
        time(() -> DatasetScanner.of(headerAllHash).scan(root), 3));
    LoraProject project =
        LoraProject.builder()
            .name("bench")
            .trigger(TriggerWord.of("maya_char"))
            .baseModel(BaseModel.QWEN_IMAGE)
            .dataset(first.spec())
            .build();
    report(
        "header scan + all dataset rules",
        images,
        time(
            () -> {
              DatasetSnapshot s = DatasetScanner.of(headerHash).scan(root);
              return DatasetRules.standard().check(s, project);
            },
            10));
    if (args.length > 2 && args[2].equals("header-only")) {
      System.out.println("load average at end: " + loadAverage());
      return;
    }
    long tp = System.nanoTime();
    DatasetSnapshot hashed = DatasetScanner.of(perceptual).scan(root);
    report(
        "perceptual hash (subsampled decode), 2 threads",
        images,
        new double[] {(System.nanoTime() - tp) / 1e9});
    for (ImageFormat format : ImageFormat.values()) {
      long n = hashed.images().stream().filter(im -> im.format() == format).count();
      System.out.printf(Locale.ROOT, "  %s: %d images%n", format, n);
    }
    long t0 = System.nanoTime();
    ValidationReport near = DatasetRules.standard().check(hashed, project);
    System.out.printf(
        Locale.ROOT,
        "near-duplicate pair search over %d hashes: %.1f ms (%d near-duplicate violations)%n",
        images,
        (System.nanoTime() - t0) / 1e6,
        near.withRule("image.near-duplicate").size());
    report(
        "deep mode (full decode + SHA-256 of same-size files), 2 threads",
        images,
        time(() -> DatasetScanner.of(deep).scan(root), 1));
    System.out.println("load average at end: " + loadAverage());
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static double[] time(Supplier<Object> run, int repeats) {
    double[] seconds = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t = System.nanoTime();
      Object result = run.get();
      seconds[i] = (System.nanoTime() - t) / 1e9;
      if (result == null) {
        throw new IllegalStateException();
      }
    }
    return seconds;
  }

  private static void report(String what, int images, double[] seconds) {
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    double best = sorted[0];
    System.out.printf(
        Locale.ROOT,
        "%-62s runs %2d  median %8.3f s  best %8.3f s  -> %8.0f images/s (median)%n",
        what,
        seconds.length,
        median,
        best,
        images / median);
  }

  /** Writes {@code count} images with captions unless the folder already holds them. */
  static void generate(Path root, int count) throws Exception {
    Path marker = root.resolve(".generated-" + count);
    if (Files.exists(marker)) {
      return;
    }
    int character = count * 7 / 10;
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    List<Future<?>> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      jobs.add(
          pool.submit(
              () -> {
                write(root, index, character);
                return null;
              }));
    }
    for (Future<?> f : jobs) {
      f.get();
    }
    pool.shutdown();
    Files.writeString(marker, "generated by DatasetBenchmark");
  }

  private static void write(Path root, int i, int character) throws IOException {
    Random random = new Random(i);
    int w = 1024 + random.nextInt(1025);
    int h = 1024 + random.nextInt(1025);
    boolean body = i >= character;
    String folder = body ? "20_maya_char_realbody" : "40_maya_char";
    String stem = String.format(Locale.ROOT, "img%05d", i);
    Path dir = root.resolve(folder);
    Files.createDirectories(dir);
    switch (i % 3) {
      case 0:
        TestImages.jpeg(dir.resolve(stem + ".jpg"), w, h, i);
        break;
      case 1:
        TestImages.png(dir.resolve(stem + ".png"), w, h, i);
        break;
      default:
        TestImages.webp(dir.resolve(stem + ".webp"), w, h, i);
        break;
    }
    String[] shots = {"portrait", "full body", "cowboy shot", "full body", "upper body"};
    String[] parts = {"legs", "torso", "full body detail"};
    String caption =
        body
            ? "maya_char, realistic_body, " + parts[i % 3] + ", natural lighting, skin detail"
            : "maya_char, " + shots[i % 5] + ", smiling, soft lighting, simple background";
    Files.writeString(dir.resolve(stem + ".txt"), caption + "\n", StandardCharsets.UTF_8);
  }
}
