package dev.lorakit.runpod;

import dev.lorakit.runpod.pod.Pod;

/** A pod did not become ready in time, or ended in a state it cannot become ready from. */
public final class PodNotReadyException extends RunpodException {
  private static final long serialVersionUID = 1L;

  private final String podId;

  public PodNotReadyException(Pod lastSeen, String reason) {
    super("pod " + lastSeen.id() + " not ready: " + reason);
    this.podId = lastSeen.id();
  }

  public String podId() {
    return podId;
  }
}
