package dev.lorakit.runpod.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunJournalTest {
  private static final Instant T = Instant.parse("2026-11-24T12:00:00Z");

  @Test
  void livePods_createdNotTerminated_areOwnedUntilTheRunFinishes(@TempDir Path dir)
      throws IOException {
    RunJournal j = RunJournal.open(dir);
    j.append(T, "pod-created", e -> e.put("podId", "a").put("podName", "lorakit-x-1"));
    j.append(T, "pod-terminated", e -> e.put("podId", "a").put("podName", "lorakit-x-1"));
    j.append(T, "pod-created", e -> e.put("podId", "b").put("podName", "lorakit-x-2"));

    assertThat(j.livePods()).containsExactly("b", "lorakit-x-2");

    j.append(T, "finished", e -> e.put("state", "FAILED"));

    assertThat(j.livePods()).isEmpty();
    assertThat(j.entries()).hasSize(4);
  }

  @Test
  void entries_tornLastLine_isSkippedAndAppendsContinue(@TempDir Path dir) throws IOException {
    RunJournal j = RunJournal.open(dir);
    j.append(T, "pod-cost", e -> e.put("podId", "a").put("usd", 1.25));
    // A crash in the middle of an append leaves half a line.
    Files.write(
        j.file(),
        "{\"at\":\"2026-11-24T12:01:00Z\",\"ty".getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);

    assertThat(j.entries()).hasSize(1);
    j.append(T, "pod-cost", e -> e.put("podId", "b").put("usd", 0.5));

    assertThat(j.entries()).hasSize(2);
    assertThat(j.spentUsd()).isEqualTo(1.75);
  }
}
