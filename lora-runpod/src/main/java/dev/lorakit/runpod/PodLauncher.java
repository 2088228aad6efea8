package dev.lorakit.runpod;

import dev.lorakit.runpod.catalog.GpuType;
import dev.lorakit.runpod.catalog.GpuTypeQuery;
import dev.lorakit.runpod.pod.Cloud;
import dev.lorakit.runpod.pod.CreateGpuConfig;
import dev.lorakit.runpod.pod.CreatePodRequest;
import dev.lorakit.runpod.pod.ImmutableCreatePodRequest;
import dev.lorakit.runpod.pod.Pod;
import dev.lorakit.runpod.pod.PodStatus;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates a pod without ever paying for two: RunPod's create is not idempotent, and has been seen
 * to create the pod and still answer 500. The pod's unique name is the idempotency key.
 *
 * <ul>
 *   <li>Before the first create, a pod that already has the name is adopted (a restarted process).
 *   <li>After a 5xx or a transport failure that may have reached the server, the pods are listed (a
 *       few times, for listing lag) and one with the name is adopted before any retry.
 *   <li>400 moves to the next {@link PlacementCandidate} (no capacity, or a rule that may depend on
 *       the candidate); 403 skips the candidate; 429 waits {@code Retry-After}; 402 and 422 stop at
 *       once.
 *   <li>After a create succeeds, any other pod with the same name (a late-listed orphan) is
 *       terminated.
 * </ul>
 *
 * <pre>{@code
 * PodLauncher launcher = PodLauncher.builder(client).policy(PlacementPolicy.from(hardware)).build();
 * LaunchResult r = launcher.launchAndAwaitReady(request, Duration.ofMinutes(15));
 * }</pre>
 */
public final class PodLauncher {
  private static final System.Logger LOG = System.getLogger(PodLauncher.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RunpodClient client;
  private final PlacementPolicy policy;
  private final int triesPerCandidate;
  private final int adoptionLookups;
  private final Duration adoptionDelay;
  private final Duration pollInterval;
  private final Sleeper sleeper;

  private PodLauncher(Builder b) {
    this.client = b.client;
    this.policy = b.policy;
    this.triesPerCandidate = b.triesPerCandidate;
    this.adoptionLookups = b.adoptionLookups;
    this.adoptionDelay = b.adoptionDelay;
    this.pollInterval = b.pollInterval;
    this.sleeper = b.sleeper != null ? b.sleeper : client.sleeper();
  }

  public static Builder builder(RunpodClient client) {
    return new Builder(client);
  }

  /**
   * A pod name unique enough to serve as an idempotency key: the prefix in lower-case {@code
   * [a-z0-9-]} plus 10 random base-36 characters, e.g. {@code lorakit-mychar-k3v9x0q2ab}.
   */
  public static String uniqueName(String prefix) {
    String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    clean = clean.replaceAll("-+", "-").replaceAll("^-|-$", "");
    if (clean.length() > 40) {
      clean = clean.substring(0, 40);
    }
    StringBuilder sb = new StringBuilder(clean.isEmpty() ? "pod" : clean).append('-');
    for (int i = 0; i < 10; i++) {
      sb.append(Character.forDigit(RANDOM.nextInt(36), 36));
    }
    return sb.toString();
  }

  /** The candidates this launcher would try now, reading the catalog if the policy says so. */
  public List<PlacementCandidate> candidates() {
    Map<Cloud, Map<String, GpuType>> catalog = new EnumMap<>(Cloud.class);
    if (policy.useCatalog()) {
      for (Cloud cloud : policy.clouds()) {
        try {
          Map<String, GpuType> byId = new LinkedHashMap<>();
          client
              .listGpuTypes(GpuTypeQuery.podAvailability(cloud))
              .forEach(g -> byId.put(g.id(), g));
          catalog.put(cloud, byId);
        } catch (RunpodApiException | RunpodIoException e) {
          // The catalog only orders candidates; without it every candidate is tried.
          LOG.log(System.Logger.Level.WARNING, "catalog not read: " + e.getMessage());
        }
      }
    }
    return policy.candidates(catalog);
  }

  /**
   * Creates (or adopts) a pod for {@code request}, whose name must be unique to this launch (see
   * {@link #uniqueName}). The request's GPU id, cloud and data centres are replaced per candidate;
   * its GPU count and CUDA constraints are kept.
   */
  public LaunchResult launch(CreatePodRequest request) {
    Objects.requireNonNull(request, "request");
    if (request.gpu().isEmpty()) {
      throw new IllegalArgumentException("PodLauncher places GPU pods; the request has no gpu");
    }
    String name = request.name();
    List<LaunchAttempt> attempts = new ArrayList<>();
    Optional<Pod> existing = adoptByName(name, 1);
    if (existing.isPresent()) {
      return LaunchResult.builder().pod(existing.get()).adopted(true).build();
    }
    List<PlacementCandidate> candidates = candidates();
    if (candidates.isEmpty()) {
      throw new PodLaunchException(
          "no placement candidate left after the catalog check (no stock, or above the price cap)",
          attempts);
    }
    for (PlacementCandidate candidate : candidates) {
      CreatePodRequest placed = place(request, candidate);
      for (int tryNo = 1; tryNo <= triesPerCandidate; tryNo++) {
        try {
          Pod pod = client.createPod(placed);
          attempts.add(LaunchAttempt.of(candidate, LaunchAttempt.Outcome.CREATED, pod.id()));
          sweepDuplicates(name, pod.id());
          return LaunchResult.builder()
              .pod(pod)
              .candidate(candidate)
              .adopted(false)
              .attempts(attempts)
              .build();
        } catch (RunpodBadRequestException e) {
          attempts.add(
              LaunchAttempt.of(
                  candidate,
                  e.isCapacityError()
                      ? LaunchAttempt.Outcome.NO_CAPACITY
                      : LaunchAttempt.Outcome.REJECTED,
                  e.errorBody().detail()));
          break;
        } catch (RunpodForbiddenException e) {
          attempts.add(
              LaunchAttempt.of(candidate, LaunchAttempt.Outcome.FORBIDDEN, e.errorBody().detail()));
          break;
        } catch (RunpodRateLimitedException e) {
          attempts.add(
              LaunchAttempt.of(
                  candidate, LaunchAttempt.Outcome.RATE_LIMITED, e.errorBody().detail()));
          sleeper.pause(e.retryAfter().orElse(client.retryPolicy().backoff(tryNo)));
        } catch (RunpodServerException | RunpodIoException e) {
          boolean mayExist =
              !(e instanceof RunpodIoException) || ((RunpodIoException) e).mayHaveReachedServer();
          attempts.add(
              LaunchAttempt.of(
                  candidate,
                  e instanceof RunpodServerException
                      ? LaunchAttempt.Outcome.SERVER_ERROR
                      : LaunchAttempt.Outcome.TRANSPORT_ERROR,
                  e.getMessage()));
          if (mayExist) {
            Optional<Pod> adopted = adoptByName(name, adoptionLookups);
            if (adopted.isPresent()) {
              attempts.add(
                  LaunchAttempt.of(candidate, LaunchAttempt.Outcome.ADOPTED, adopted.get().id()));
              return LaunchResult.builder()
                  .pod(adopted.get())
                  .candidate(candidate)
                  .adopted(true)
                  .attempts(attempts)
                  .build();
            }
          }
          if (tryNo < triesPerCandidate) {
            sleeper.pause(client.retryPolicy().backoff(tryNo));
          }
        }
      }
    }
    boolean allRejected =
        attempts.stream().allMatch(a -> a.outcome() == LaunchAttempt.Outcome.REJECTED);
    String last = attempts.isEmpty() ? "" : attempts.get(attempts.size() - 1).detail();
    throw new PodLaunchException(
        (allRejected
                ? "every candidate rejected the request (a problem with the request): "
                : "no candidate could place the pod: ")
            + last,
        attempts);
  }

  /**
   * Polls until the pod is ready ({@link Pod#isReady()}): at most {@code timeout / pollInterval}
   * polls. Throws {@link PodNotReadyException} on timeout or when the pod exits or errors. Does not
   * terminate the pod.
   */
  public Pod awaitReady(String podId, Duration timeout) {
    long polls = Math.max(1, timeout.toMillis() / Math.max(1, pollInterval.toMillis()));
    Pod last = null;
    for (long i = 0; i < polls; i++) {
      last = client.getPod(podId);
      if (last.isReady()) {
        return last;
      }
      if (last.status() == PodStatus.EXITED
          || last.status() == PodStatus.ERROR
          || last.status() == PodStatus.TERMINATED) {
        throw new PodNotReadyException(last, "status " + last.status());
      }
      if (i + 1 < polls) {
        sleeper.pause(pollInterval);
      }
    }
    String reason =
        last.status() == PodStatus.RUNNING
            ? "RUNNING but no runtime after " + timeout
            : "still " + last.status() + " after " + timeout;
    throw new PodNotReadyException(last, reason);
  }

  /**
   * {@link #launch} then {@link #awaitReady}; if anything fails after the pod exists (including an
   * interrupt), the pod is terminated before the exception propagates.
   */
  public LaunchResult launchAndAwaitReady(CreatePodRequest request, Duration timeout) {
    LaunchResult launched = launch(request);
    try {
      Pod ready = awaitReady(launched.pod().id(), timeout);
      return LaunchResult.builder().from(launched).pod(ready).build();
    } catch (RuntimeException e) {
      try {
        terminateByName(request.name());
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * Terminates every pod with this name; the cleanup for a launch whose outcome is unknown. Returns
   * how many pods it terminated.
   */
  public int terminateByName(String name) {
    int n = 0;
    for (Pod p : client.findPodsByName(name)) {
      if (client.terminatePod(p.id())) {
        n++;
      }
    }
    return n;
  }

  /**
   * Terminates the pod {@code podId} and every pod named {@code name} (either may be null), in up
   * to three tries 5 s apart; whether a try went through.
   */
  public boolean terminate(String podId, String name) {
    for (int i = 0; i < 3; i++) {
      try {
        if (podId != null) {
          client.terminatePod(podId);
        }
        if (name != null) {
          terminateByName(name);
        }
        return true;
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "terminate failed, retrying: " + e.getMessage());
        sleeper.pause(Duration.ofSeconds(5));
      }
    }
    return false;
  }

  private Optional<Pod> adoptByName(String name, int lookups) {
    for (int i = 0; i < lookups; i++) {
      if (i > 0) {
        sleeper.pause(adoptionDelay);
      }
      List<Pod> found;
      try {
        found = client.findPodsByName(name);
      } catch (RunpodApiException | RunpodIoException e) {
        LOG.log(System.Logger.Level.WARNING, "listing pods failed: " + e.getMessage());
        continue;
      }
      if (!found.isEmpty()) {
        Pod keep = found.get(0);
        sweepDuplicates(name, keep.id());
        return Optional.of(keep);
      }
    }
    return Optional.empty();
  }

  private void sweepDuplicates(String name, String keepId) {
    try {
      for (Pod p : client.findPodsByName(name)) {
        if (!p.id().equals(keepId)) {
          LOG.log(
              System.Logger.Level.WARNING, "terminating duplicate pod " + p.id() + " of " + name);
          client.terminatePod(p.id());
        }
      }
    } catch (RunpodApiException | RunpodIoException e) {
      LOG.log(System.Logger.Level.WARNING, "duplicate check failed: " + e.getMessage());
    }
  }

  private static CreatePodRequest place(CreatePodRequest request, PlacementCandidate c) {
    CreateGpuConfig gpu = request.gpu().orElseThrow();
    ImmutableCreatePodRequest.Builder b =
        CreatePodRequest.builder()
            .from(request)
            .gpu(CreateGpuConfig.builder().from(gpu).id(c.gpuTypeId()).build())
            .cloud(c.cloud());
    c.dataCenterId().ifPresent(dc -> b.dataCenterIds(List.of(dc)));
    return b.build();
  }

  /** Settings of a {@link PodLauncher}. */
  public static final class Builder {
    private final RunpodClient client;
    private PlacementPolicy policy = PlacementPolicy.builder().build();
    private int triesPerCandidate = 3;
    private int adoptionLookups = 4;
    private Duration adoptionDelay = Duration.ofSeconds(3);
    private Duration pollInterval = Duration.ofSeconds(5);
    private Sleeper sleeper;

    private Builder(RunpodClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    public Builder policy(PlacementPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Creates per candidate after 5xx or transport errors (each preceded by a name lookup). */
    public Builder triesPerCandidate(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("triesPerCandidate must be at least 1");
      }
      this.triesPerCandidate = n;
      return this;
    }

    /** Pod listings after a doubtful create, {@code adoptionDelay} apart (listing lags). */
    public Builder adoptionLookups(int n, Duration delay) {
      if (n < 1) {
        throw new IllegalArgumentException("adoptionLookups must be at least 1");
      }
      this.adoptionLookups = n;
      this.adoptionDelay = Objects.requireNonNull(delay, "delay");
      return this;
    }

    public Builder pollInterval(Duration interval) {
      this.pollInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** How to wait between retries; {@link Sleeper#REAL} by default. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    public PodLauncher build() {
      return new PodLauncher(this);
    }
  }
}
