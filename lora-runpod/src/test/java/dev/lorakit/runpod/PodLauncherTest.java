package dev.lorakit.runpod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.core.project.HardwareTarget;
import dev.lorakit.runpod.pod.Cloud;
import dev.lorakit.runpod.pod.CreatePodRequest;
import dev.lorakit.runpod.pod.PodStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PodLauncherTest {
  private static final String ADA = "NVIDIA RTX 6000 Ada Generation";

  private FakeRunpod fake;
  private RunpodClient client;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private boolean expectRequestViolations;

  @BeforeEach
  void start() {
    fake = new FakeRunpod();
    client = fake.clientBuilder().sleeper(sleeps::add).build();
  }

  @AfterEach
  void stop() {
    try {
      assertThat(fake.livePodIds()).as("leaked pods").isEmpty();
      assertThat(fake.responseViolations()).isEmpty();
      if (!expectRequestViolations) {
        assertThat(fake.requestViolations()).isEmpty();
      }
    } finally {
      client.close();
      fake.close();
    }
  }

  private PodLauncher.Builder launcher(PlacementPolicy policy) {
    return PodLauncher.builder(client)
        .policy(policy)
        .adoptionLookups(4, Duration.ofSeconds(2))
        .pollInterval(Duration.ofSeconds(5));
  }

  private PodLauncher launcher() {
    return launcher(PlacementPolicy.from(HardwareTarget.builder().build(), ADA)).build();
  }

  private static CreatePodRequest request(String name) {
    return RunpodClientTest.l40s(name);
  }

  private List<String> createdGpuIds() {
    return fake.requests().stream()
        .filter(r -> r.method.equals("POST") && r.path.equals("/v2/pods"))
        .map(r -> r.body.get("gpu").get("id").asText())
        .collect(Collectors.toList());
  }

  @Test
  void launchAndAwaitReady_happyPath_createsOneReadyL40sAtLivePrice() {
    fake.readiness(1, 2);
    String name = PodLauncher.uniqueName("lorakit-mychar");

    LaunchResult r = launcher().launchAndAwaitReady(request(name), Duration.ofMinutes(5));

    assertThat(r.pod().isReady()).isTrue();
    assertThat(r.adopted()).isFalse();
    assertThat(r.candidate().orElseThrow().gpuTypeId()).isEqualTo("NVIDIA L40S");
    assertThat(r.candidate().orElseThrow().pricePerGpuHour()).contains(0.86);
    assertThat(r.attempts())
        .extracting(LaunchAttempt::outcome)
        .containsExactly(LaunchAttempt.Outcome.CREATED);
    assertThat(fake.podsEverCreated()).isEqualTo(1);
    assertThat(launcher().terminateByName(name)).isEqualTo(1);
  }

  @Test
  void launch_500AfterPodWasCreated_adoptsOrphanInsteadOfCreatingAnother() {
    fake.failCreateAfterCreating(1);
    String name = PodLauncher.uniqueName("orphan");

    LaunchResult r = launcher().launch(request(name));

    assertThat(r.adopted()).isTrue();
    assertThat(r.pod().name()).isEqualTo(name);
    assertThat(fake.podsEverCreated()).isEqualTo(1);
    assertThat(fake.count("POST", "/v2/pods")).isEqualTo(1);
    assertThat(r.attempts())
        .extracting(LaunchAttempt::outcome)
        .containsExactly(LaunchAttempt.Outcome.SERVER_ERROR, LaunchAttempt.Outcome.ADOPTED);
    client.terminatePod(r.pod().id());
  }

  @Test
  void launch_orphanHiddenByListingLag_isFoundOnALaterLookup() {
    fake.failCreateAfterCreating(1).listLag(2);
    String name = PodLauncher.uniqueName("lag");

    LaunchResult r = launcher().launch(request(name));

    assertThat(r.adopted()).isTrue();
    assertThat(fake.podsEverCreated()).isEqualTo(1);
    assertThat(sleeps).contains(Duration.ofSeconds(2));
    client.terminatePod(r.pod().id());
  }

  @Test
  void launch_connectionDroppedAfterCreate_adoptsThePod() {
    fake.dropCreateAfterCreating(1);
    String name = PodLauncher.uniqueName("dropped");

    LaunchResult r = launcher().launch(request(name));

    assertThat(r.adopted()).isTrue();
    assertThat(r.attempts().get(0).outcome()).isEqualTo(LaunchAttempt.Outcome.TRANSPORT_ERROR);
    assertThat(fake.podsEverCreated()).isEqualTo(1);
    client.terminatePod(r.pod().id());
  }

  @Test
  void launch_5xxWithoutPod_retriesSameCandidateAfterLookingFirst() {
    fake.failCreateBeforeCreating(1);
    String name = PodLauncher.uniqueName("retry");

    LaunchResult r = launcher().launch(request(name));

    assertThat(r.adopted()).isFalse();
    assertThat(createdGpuIds()).containsExactly("NVIDIA L40S", "NVIDIA L40S");
    assertThat(fake.podsEverCreated()).isEqualTo(1);
    client.terminatePod(r.pod().id());
  }

  @Test
  void launch_capacity400ForFirstGpu_movesToNextCandidate() {
    fake.noCapacity("NVIDIA L40S");
    String name = PodLauncher.uniqueName("capacity");

    LaunchResult r = launcher().launch(request(name));

    assertThat(r.pod().gpu().orElseThrow().id()).isEqualTo(ADA);
    assertThat(createdGpuIds()).containsExactly("NVIDIA L40S", ADA);
    assertThat(r.attempts())
        .extracting(LaunchAttempt::outcome)
        .containsExactly(LaunchAttempt.Outcome.NO_CAPACITY, LaunchAttempt.Outcome.CREATED);
    assertThat(r.attempts().get(0).detail()).contains("no longer any instances");
    client.terminatePod(r.pod().id());
  }

  @Test
  void launch_noSecureCapacity_fallsBackToCommunityCloudThenDataCentre() {
    fake.noCapacity("NVIDIA L40S@SECURE").noCapacity("NVIDIA L40S@COMMUNITY@EU-RO-1");
    PlacementPolicy policy =
        PlacementPolicy.builder()
            .addClouds(Cloud.SECURE, Cloud.COMMUNITY)
            .addDataCenterIds("EU-RO-1", "US-KS-2")
            .useCatalog(false)
            .build();

    LaunchResult r = launcher(policy).build().launch(request(PodLauncher.uniqueName("cloud")));

    assertThat(r.candidate().orElseThrow().toString()).isEqualTo("NVIDIA L40S/COMMUNITY/US-KS-2");
    assertThat(r.pod().cloud()).isEqualTo(Cloud.COMMUNITY);
    assertThat(r.pod().dataCenterId()).contains("US-KS-2");
    client.terminatePod(r.pod().id());
  }

  @Test
  void launch_catalogShowsNoStock_skipsTypeWithoutTryingIt() {
    fake.availability("NVIDIA L40S", "NONE");

    LaunchResult r = launcher().launch(request(PodLauncher.uniqueName("stock")));

    assertThat(createdGpuIds()).containsExactly(ADA);
    client.terminatePod(r.pod().id());
  }

  @Test
  void launch_priceCap_skipsCandidatesAboveIt() {
    PlacementPolicy policy =
        PlacementPolicy.builder()
            .addGpuTypeIds("NVIDIA L40S", ADA)
            .maxPricePerGpuHour(0.80)
            .build();

    LaunchResult r = launcher(policy).build().launch(request(PodLauncher.uniqueName("cap")));

    assertThat(createdGpuIds()).containsExactly(ADA);
    assertThat(r.candidate().orElseThrow().pricePerGpuHour()).contains(0.77);
    client.terminatePod(r.pod().id());
  }

  @Test
  void launch_everyCandidateFull_throwsWithAllAttemptsAndLeavesNoPod() {
    fake.noCapacity("NVIDIA L40S").noCapacity(ADA);

    assertThatThrownBy(() -> launcher().launch(request(PodLauncher.uniqueName("full"))))
        .isInstanceOf(PodLaunchException.class)
        .hasMessageStartingWith("no candidate could place the pod: There are no longer")
        .satisfies(
            e ->
                assertThat(((PodLaunchException) e).attempts())
                    .extracting(LaunchAttempt::outcome)
                    .containsOnly(LaunchAttempt.Outcome.NO_CAPACITY)
                    .hasSize(2));
    assertThat(fake.podsEverCreated()).isZero();
  }

  @Test
  void launch_insufficientBalance402_stopsAtOnce() {
    fake.insufficientBalance(true);

    assertThatThrownBy(() -> launcher().launch(request(PodLauncher.uniqueName("broke"))))
        .isInstanceOf(RunpodPaymentRequiredException.class)
        .hasMessage("POST /v2/pods 402: insufficient balance");
    assertThat(fake.count("POST", "/v2/pods")).isEqualTo(1);
  }

  @Test
  void launch_contractViolation422_isNeverRetried() {
    expectRequestViolations = true;
    CreatePodRequest bad = CreatePodRequest.builder().from(request("bad")).disk(0).build();

    assertThatThrownBy(() -> launcher().launch(bad))
        .isInstanceOf(RunpodUnprocessableException.class)
        .hasMessageContaining("$.disk: 0 is below minimum 1");
    assertThat(fake.count("POST", "/v2/pods")).isEqualTo(1);
  }

  @Test
  void launch_rateLimited429_waitsRetryAfterThenCreatesOnce() {
    fake.rateLimitNext(1, 4);

    LaunchResult r = launcher().launch(request(PodLauncher.uniqueName("slow-down")));

    assertThat(sleeps).contains(Duration.ofSeconds(4));
    assertThat(fake.podsEverCreated()).isEqualTo(1);
    client.terminatePod(r.pod().id());
  }

  @Test
  void launchAndAwaitReady_runningWithoutRuntimeTooLong_terminatesPodAndThrows() {
    fake.readiness(1, 1000);
    String name = PodLauncher.uniqueName("stuck");

    assertThatThrownBy(() -> launcher().launchAndAwaitReady(request(name), Duration.ofMinutes(2)))
        .isInstanceOf(PodNotReadyException.class)
        .hasMessageContaining("RUNNING but no runtime");

    assertThat(fake.podsEverCreated()).isEqualTo(1);
    assertThat(fake.count("DELETE", "/v2/pods/")).isEqualTo(1);
    assertThat(sleeps.stream().filter(d -> d.equals(Duration.ofSeconds(5))).count()).isEqualTo(23);
  }

  @Test
  void launch_podWithNameAlreadyExists_isAdoptedWithoutCreate() {
    String name = PodLauncher.uniqueName("restart");
    String id = fake.seedPod(name, "NVIDIA L40S", "RUNNING");

    LaunchResult r = launcher().launch(request(name));

    assertThat(r.adopted()).isTrue();
    assertThat(r.pod().id()).isEqualTo(id);
    assertThat(r.pod().status()).isEqualTo(PodStatus.RUNNING);
    assertThat(fake.count("POST", "/v2/pods")).isZero();
    client.terminatePod(id);
  }

  @Test
  void uniqueName_manyCalls_areDistinctAndSafe() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      names.add(PodLauncher.uniqueName("LoRA Kit / My Char!"));
    }
    assertThat(names).hasSize(1000).allMatch(n -> n.matches("lora-kit-my-char-[a-z0-9]{10}"));
  }
}
