package dev.lorakit.runpod;

import org.immutables.value.Value;

/** What happened on one create try of a {@link PodLauncher} launch. */
@Value.Immutable
public abstract class LaunchAttempt {
  /** Outcome of one try. */
  public enum Outcome {
    CREATED,
    /** A pod with the launch's name was found after an error and taken over. */
    ADOPTED,
    NO_CAPACITY,
    /** 400 whose detail does not read like a capacity message. */
    REJECTED,
    FORBIDDEN,
    RATE_LIMITED,
    SERVER_ERROR,
    TRANSPORT_ERROR
  }

  public abstract PlacementCandidate candidate();

  public abstract Outcome outcome();

  @Value.Default
  public String detail() {
    return "";
  }

  public static LaunchAttempt of(PlacementCandidate c, Outcome outcome, String detail) {
    return ImmutableLaunchAttempt.builder().candidate(c).outcome(outcome).detail(detail).build();
  }
}
