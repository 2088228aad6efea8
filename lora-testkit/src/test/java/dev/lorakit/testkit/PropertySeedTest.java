package dev.lorakit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The contract README's Development section documents: a failing QuickTheories property names its
 * seed in the failure message ("Seed was N"), and {@code -DQT_SEED=N} (a system property that
 * QuickTheories 0.26 reads in {@code qt()}, {@code org.quicktheories.core.Configuration.SEED})
 * replays exactly the same examples. Surefire passes {@code -D} options of the mvn command line on
 * to the test JVM.
 */
class PropertySeedTest {
  private static final Pattern SEED = Pattern.compile("Seed was (-?\\d+)");

  /** A property that fails on about one example in seven: what it finds depends on the seed. */
  private static AssertionError falsify() {
    return catchThrowableOfType(
        AssertionError.class,
        () ->
            qt().withExamples(200)
                .withShrinkCycles(0)
                .forAll(longs().all())
                .checkAssert(v -> assertThat(Math.floorMod(v, 7)).isNotEqualTo(3)));
  }

  private static String values(AssertionError e) {
    String message = e.getMessage();
    return message.substring(0, message.indexOf("Cause was"));
  }

  @Test
  void failingProperty_printsItsSeed_andQtSeedReplaysIt() {
    String before = System.getProperty("QT_SEED");
    try {
      System.clearProperty("QT_SEED");
      AssertionError first = falsify();
      assertThat(first).isNotNull();
      Matcher m = SEED.matcher(first.getMessage());
      assertThat(m.find()).as(first.getMessage()).isTrue();

      System.setProperty("QT_SEED", m.group(1));
      AssertionError replay = falsify();

      assertThat(replay).isNotNull();
      // The falsifying values and the seed are the same (the stack traces differ by caller line).
      assertThat(values(replay)).isEqualTo(values(first));
      assertThat(replay.getMessage()).contains("Seed was " + m.group(1));
    } finally {
      if (before == null) {
        System.clearProperty("QT_SEED");
      } else {
        System.setProperty("QT_SEED", before);
      }
    }
  }
}
