package dev.lorakit.kubernetes;

import static dev.lorakit.kubernetes.JobNamesTest.DNS1123;
import static dev.lorakit.kubernetes.JobNamesTest.LABEL;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;

class JobNamesProperties {
  @Test
  void anyName_givesAValidJobNameAndLabelValue() {
    QuickTheory.qt()
        .forAll(SourceDSL.strings().allPossible().ofLengthBetween(0, 120))
        .checkAssert(
            s -> {
              assertThat(JobNames.dns1123(s)).hasSizeLessThanOrEqualTo(63).matches(DNS1123);
              assertThat(JobNames.labelValue(s)).hasSizeLessThanOrEqualTo(63).matches(LABEL);
            });
  }
}
