package dev.lorakit.core.sweep;

import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.training.ImmutableNetworkSettings;
import dev.lorakit.core.training.ImmutableTrainingParameters;
import dev.lorakit.core.training.TrainingLength;
import dev.lorakit.core.training.TrainingParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * One varied setting of a sweep and its values, parsed from {@code --vary lr=1e-4,2e-4,3e-4}.
 *
 * <pre>{@code
 * SweepAxis lr = SweepAxis.parse("lr=1e-4,2e-4");
 * lr.key();    // Key.LR
 * lr.values(); // ["1e-4", "2e-4"]
 * }</pre>
 */
@Value.Immutable
public abstract class SweepAxis {

  /** The settings a sweep can vary: the guide's adjustment table (lr, epochs, rank) and batch. */
  public enum Key {
    /** {@code train.lr}. */
    LR("lr"),
    /** {@code network.linear}; alpha follows, as ai-toolkit forces alpha = rank for Qwen. */
    RANK("rank"),
    /** The length in epochs. */
    EPOCHS("epochs"),
    /** {@code train.batch_size}. */
    BATCH("batch");

    private final String id;

    Key(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    static Key fromId(String id) {
      return Arrays.stream(values())
          .filter(k -> k.id.equals(id))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "unknown sweep key '"
                          + id
                          + "'; use one of "
                          + Arrays.stream(values())
                              .map(Key::id)
                              .collect(Collectors.joining(", "))));
    }
  }

  @Value.Parameter
  public abstract Key key();

  /** The values as written, in order. */
  @Value.Parameter
  public abstract List<String> values();

  @Value.Check
  protected void check() {
    if (values().isEmpty()) {
      throw new IllegalStateException("a sweep axis needs at least one value");
    }
    values().forEach(this::parseValue);
  }

  public static SweepAxis of(Key key, List<String> values) {
    return ImmutableSweepAxis.of(key, values);
  }

  /**
   * Parses {@code key=v1,v2,...}.
   *
   * @throws IllegalArgumentException for an unknown key or a value that is not a number of the
   *     key's kind (the message names the key and the value)
   */
  public static SweepAxis parse(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new IllegalArgumentException(
          "'" + text + "' is not key=value[,value...], e.g. lr=1e-4,2e-4");
    }
    Key key = Key.fromId(text.substring(0, eq).strip().toLowerCase(Locale.ROOT));
    List<String> values = new ArrayList<>();
    for (String v : text.substring(eq + 1).split(",")) {
      if (!v.isBlank()) {
        values.add(v.strip());
      }
    }
    return of(key, values);
  }

  private Number parseValue(String value) {
    try {
      return switch (key()) {
        case LR -> {
          double lr = Double.parseDouble(value);
          if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new NumberFormatException();
          }
          yield lr;
        }
        case RANK, EPOCHS, BATCH -> {
          int n = Integer.parseInt(value);
          if (n < 1) {
            throw new NumberFormatException();
          }
          yield n;
        }
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "sweep value '" + value + "' of " + key().id() + " is not a positive number", e);
    }
  }

  /** The project with this axis set to {@code value}. */
  LoraProject apply(LoraProject project, String value) {
    TrainingParameters t = project.training();
    ImmutableTrainingParameters.Builder b = TrainingParameters.builder().from(t);
    Number n = parseValue(value);
    switch (key()) {
      case LR -> b.learningRate(n.doubleValue());
      case RANK ->
          b.network(
              ImmutableNetworkSettings.builder()
                  .from(t.network())
                  .rank(n.intValue())
                  .alpha(n.intValue())
                  .build());
      case EPOCHS -> b.length(TrainingLength.epochs(n.intValue()));
      case BATCH -> b.batchSize(n.intValue());
    }
    return LoraProject.builder().from(project).training(b.build()).build();
  }

  /** A file-name-safe label of one value: {@code lr2e-4}, {@code r16}, {@code e10}, {@code b2}. */
  String label(String value) {
    String prefix =
        switch (key()) {
          case LR -> "lr";
          case RANK -> "r";
          case EPOCHS -> "e";
          case BATCH -> "b";
        };
    return prefix + value.replaceAll("[^A-Za-z0-9.-]", "");
  }
}
