package dev.lorakit.runpod;

import java.util.List;

/** No candidate of a {@link PlacementPolicy} gave a pod; {@link #attempts()} tells why. */
public final class PodLaunchException extends RunpodException {
  private static final long serialVersionUID = 1L;

  private final transient List<LaunchAttempt> attempts;

  public PodLaunchException(String message, List<LaunchAttempt> attempts) {
    super(message);
    this.attempts = List.copyOf(attempts);
  }

  public List<LaunchAttempt> attempts() {
    return attempts;
  }
}
