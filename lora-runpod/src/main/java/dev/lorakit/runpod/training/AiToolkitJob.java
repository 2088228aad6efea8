package dev.lorakit.runpod.training;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/** A row of the ai-toolkit UI's {@code Job} table, as {@code GET /api/jobs?id=} returns it. */
@Value.Immutable
@JsonSerialize(as = ImmutableAiToolkitJob.class)
@JsonDeserialize(as = ImmutableAiToolkitJob.class)
public abstract class AiToolkitJob {
  public abstract String id();

  public abstract String name();

  /** {@code stopped}, {@code queued}, {@code running}, {@code completed} or {@code error}. */
  @Value.Default
  public String status() {
    return "stopped";
  }

  @Value.Default
  public int step() {
    return 0;
  }

  @Value.Default
  public String info() {
    return "";
  }

  @Value.Default
  public String speed_string() {
    return "";
  }

  public abstract Optional<String> gpu_ids();

  /**
   * {@code train} or {@code caption} ({@code ui/prisma/schema.prisma} l.40 at 27a03a91); absent on
   * UIs older than the captioning jobs.
   */
  public abstract Optional<String> job_type();

  /**
   * The number of files a caption job found to caption ({@code BaseCaptioner.run} l.109); {@code
   * step} counts the files done.
   */
  public abstract Optional<Integer> total_steps();

  /** The stop flag; a {@code running} row with it set is what the UI shows as "stopping". */
  @Value.Default
  public boolean stop() {
    return false;
  }

  /** {@code running} or {@code queued} with the stop flag set: a stop that never completed. */
  public boolean isStopping() {
    return stop() && (status().equals("running") || status().equals("queued"));
  }

  public boolean isFinished() {
    return status().equals("completed") || status().equals("error") || status().equals("stopped");
  }
}
