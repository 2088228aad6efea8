package dev.lorakit.runpod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lorakit.core.project.HardwareTarget;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The duplicate-pod sweep judged by the fake RunPod's state, not by the launcher's log: RunPod
 * accepts any number of pods with one name (the name is no unique key in {@code POST /pods} of
 * reference/runpod-openapi-v2.json), and each one bills until it is deleted. After a launch that
 * adopted or created a pod, exactly that pod is left with the launch's name.
 */
class DuplicatePodSweepTest {
  private FakeRunpod fake;
  private RunpodClient client;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    fake = new FakeRunpod();
    client = fake.clientBuilder().sleeper(sleeps::add).build();
  }

  @AfterEach
  void stop() {
    try {
      assertThat(fake.responseViolations()).isEmpty();
      assertThat(fake.requestViolations()).isEmpty();
    } finally {
      client.close();
      fake.close();
    }
  }

  private PodLauncher launcher() {
    return PodLauncher.builder(client)
        .policy(PlacementPolicy.from(HardwareTarget.builder().build()))
        .adoptionLookups(4, Duration.ofSeconds(2))
        .pollInterval(Duration.ofSeconds(5))
        .build();
  }

  private List<String> podsNamed(String name) {
    return fake.livePodNames().stream().filter(name::equals).toList();
  }

  @Test
  void launch_threePodsAlreadyHaveTheName_adoptsOneAndDeletesTheOthers() {
    String name = PodLauncher.uniqueName("restarted");
    String first = fake.seedPod(name, "NVIDIA L40S", "RUNNING");
    String second = fake.seedPod(name, "NVIDIA L40S", "RUNNING");
    String third = fake.seedPod(name, "NVIDIA L40S", "EXITED");
    String other = fake.seedPod("someone-elses-pod", "NVIDIA L40S", "RUNNING");

    LaunchResult r = launcher().launch(RunpodClientTest.l40s(name));

    assertThat(r.adopted()).isTrue();
    assertThat(fake.count("POST", "/v2/pods")).isZero();
    assertThat(podsNamed(name)).hasSize(1);
    assertThat(fake.livePodIds()).contains(r.pod().id(), other);
    List<String> gone = new java.util.ArrayList<>(List.of(first, second, third));
    gone.remove(r.pod().id());
    assertThat(fake.livePodIds()).doesNotContainAnyElementsOf(gone);
    assertThat(fake.count("DELETE", "/v2/pods/")).isEqualTo(2);

    client.terminatePod(r.pod().id());
    client.terminatePod(other);
    assertThat(fake.livePodIds()).isEmpty();
  }

  @Test
  void launch_orphanHiddenLongerThanTheLookups_isDeletedOnceTheRetryCreatedAnother() {
    // The first create makes a pod and answers 500; the listing hides it for all four adoption
    // lookups, so the launcher creates a second pod. The sweep after that create must delete the
    // orphan, which by then is listed.
    fake.failCreateAfterCreating(1).listLag(4);
    String name = PodLauncher.uniqueName("orphan");

    LaunchResult r = launcher().launch(RunpodClientTest.l40s(name));

    assertThat(r.adopted()).isFalse();
    assertThat(fake.podsEverCreated()).isEqualTo(2);
    assertThat(fake.livePodIds()).containsExactly(r.pod().id());
    assertThat(podsNamed(name)).hasSize(1);

    client.terminatePod(r.pod().id());
    assertThat(fake.livePodIds()).isEmpty();
  }
}
