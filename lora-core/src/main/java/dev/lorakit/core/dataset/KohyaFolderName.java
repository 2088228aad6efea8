package dev.lorakit.core.dataset;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * A kohya-style folder name, {@code <repeats>_<name>}: {@code 40_maya_char} is 40 repeats of {@code
 * maya_char}. ai-toolkit does not read this convention (it scans the folder once), so the config
 * writer turns the repeats into {@code num_repeats}.
 *
 * <pre>{@code
 * KohyaFolderName.parse("40_maya_char").orElseThrow().repeats(); // 40
 * }</pre>
 */
@Value.Immutable
public abstract class KohyaFolderName {
  private static final Pattern PATTERN = Pattern.compile("(\\d{1,9})_(.+)");

  @Value.Parameter
  public abstract int repeats();

  @Value.Parameter
  public abstract String name();

  /** Parses {@code N_name}; empty when the name has no leading repeat count. */
  public static Optional<KohyaFolderName> parse(String folderName) {
    Matcher m = PATTERN.matcher(folderName.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(ImmutableKohyaFolderName.of(Integer.parseInt(m.group(1)), m.group(2)));
  }

  @Override
  public String toString() {
    return repeats() + "_" + name();
  }
}
