package dev.lorakit.safetensors.lora;

import dev.lorakit.safetensors.SafetensorsException;
import dev.lorakit.safetensors.SafetensorsFile;
import dev.lorakit.safetensors.SafetensorsReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.immutables.value.Value;

/**
 * Every checkpoint of a training run folder ({@code name_000000340.safetensors}, ..., {@code
 * name.safetensors}), in step order with weight norms and their growth. It presents numbers; it
 * does not claim to know the best epoch.
 *
 * <pre>{@code
 * CheckpointSeries s = CheckpointSeries.scan(Path.of("output/maya_char_lora"));
 * for (SeriesRow row : s.rows()) {
 *   System.out.println(row.step() + " " + row.totalDeltaNorm() + " " + row.normGrowth());
 * }
 * }</pre>
 */
@Value.Immutable
public abstract class CheckpointSeries {

  /** The folder, as given. */
  public abstract String directory();

  /** One row per {@code .safetensors} file, ordered by run, then step (final save last). */
  public abstract List<SeriesRow> rows();

  /** Scans a folder and computes weight statistics of every checkpoint. */
  public static CheckpointSeries scan(Path directory) {
    return scan(directory, true);
  }

  /**
   * Scans a folder (not recursively). With {@code statistics} false only headers are read. A file
   * that is not valid safetensors gives a row with {@link SeriesRow#error()}.
   */
  public static CheckpointSeries scan(Path directory, boolean statistics) {
    if (!Files.isDirectory(directory)) {
      throw new UncheckedIOException(new NotDirectoryException(directory.toString()));
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files =
          list.filter(p -> p.getFileName().toString().endsWith(".safetensors"))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int parallelism = Runtime.getRuntime().availableProcessors();
    List<SeriesRow> rows = new ArrayList<>();
    for (Path p : files) {
      rows.add(row(p, statistics, parallelism));
    }
    rows.sort(
        Comparator.comparing(SeriesRow::run)
            .thenComparing(SeriesRow::isFinal)
            .thenComparingInt(r -> r.step().orElse(Integer.MAX_VALUE))
            .thenComparingInt(r -> r.epoch().orElse(Integer.MAX_VALUE))
            .thenComparing(SeriesRow::file));
    List<SeriesRow> withGrowth = new ArrayList<>();
    SeriesRow previous = null;
    for (SeriesRow r : rows) {
      SeriesRow out = r;
      if (previous != null
          && previous.run().equals(r.run())
          && previous.totalDeltaNorm().isPresent()
          && r.totalDeltaNorm().isPresent()
          && previous.totalDeltaNorm().getAsDouble() > 0) {
        out =
            ImmutableSeriesRow.copyOf(r)
                .withNormGrowth(
                    r.totalDeltaNorm().getAsDouble() / previous.totalDeltaNorm().getAsDouble());
      }
      withGrowth.add(out);
      previous = r.error().isPresent() ? previous : r;
    }
    return ImmutableCheckpointSeries.builder()
        .directory(directory.toString().replace('\\', '/'))
        .rows(withGrowth)
        .build();
  }

  private static SeriesRow row(Path file, boolean statistics, int parallelism) {
    String name = file.getFileName().toString();
    ImmutableSeriesRow.Builder b = SeriesRow.builder().file(name).run(runName(name));
    try (SafetensorsFile f = SafetensorsReader.open(file)) {
      CheckpointReport r = LoraInspector.inspect(f);
      b.step(r.step())
          .epoch(r.epoch())
          .isFinal(r.isFinal())
          .sizeBytes(r.sizeBytes())
          .format(r.format())
          .rank(r.rank())
          .alpha(r.alpha())
          .comfyUi(r.comfyUi());
      if (statistics) {
        WeightStatistics s = LoraStatistics.compute(f, r, parallelism);
        b.totalDeltaNorm(s.totalDeltaNorm())
            .meanDeltaNorm(s.meanDeltaNorm())
            .meanAbs(s.meanAbs())
            .maxAbs(s.maxAbs());
      }
    } catch (SafetensorsException e) {
      b.isFinal(false).sizeBytes(sizeOrZero(file)).error(e.getMessage());
    }
    return b.build();
  }

  private static long sizeOrZero(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /** {@code maya_000000340.safetensors}, {@code maya-000004}, {@code maya-step00000100} -> maya. */
  static String runName(String fileName) {
    String base = fileName.substring(0, fileName.length() - ".safetensors".length());
    return base.replaceFirst("(_\\d{9}|-step\\d{8}|-\\d{6})$", "");
  }
}
