package dev.lorakit.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.plan.TrainingPlanner;
import dev.lorakit.core.project.BaseModel;
import dev.lorakit.core.project.ExampleProjects;
import dev.lorakit.core.project.LoraProject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SweepRunner's budget and halving on a scripted in-memory backend. Every expected value is worked
 * out from the rules of issue 17 (the commitment rule before a start and while running; the worse
 * half stopped at 1/3 and 2/3 of the steps), never read back from the runner.
 */
class SweepRunnerTest {
  private static final double PRICE = 2.0;
  private static final Duration POLL = Duration.ofMinutes(1);

  @TempDir Path dir;

  /** Virtual time and a backend whose trainers move one poll on each sleep. */
  static final class Scripted extends Clock implements TrainerBackend, SweepRunner.Sleeper {
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    final Map<String, Double> secondsPerStep = new LinkedHashMap<>();
    final List<Trainer> trainers = new ArrayList<>();
    int maxRunning;

    final class Trainer implements ArmTrainer {
      final SweepArm arm;
      final Consumer<ArmEvent> events;
      final int total;
      final double sps;
      double step;
      double cost;
      String stopReason;
      List<String> stopCalls = new ArrayList<>();
      boolean savedAtStop;
      ArmResult result;

      Trainer(SweepArm arm, Consumer<ArmEvent> events) {
        this.arm = arm;
        this.events = events;
        this.total = arm.plan().orElseThrow().budget().totalSteps();
        this.sps =
            secondsPerStep.getOrDefault(
                arm.name(), arm.plan().orElseThrow().time().secondsPerStep());
      }

      @Override
      public SweepArm arm() {
        return arm;
      }

      @Override
      public ArmStatus status() {
        return ArmStatus.builder()
            .step((int) step)
            .totalSteps(total)
            .costUsd(cost)
            .usdPerHour(PRICE)
            .secondsPerStep(step > 0 ? OptionalDouble.of(sps) : OptionalDouble.empty())
            .ended(result != null)
            .build();
      }

      @Override
      public void stop(String reason) {
        stopCalls.add(reason);
        if (stopReason == null) {
          stopReason = reason;
        }
      }

      @Override
      public Optional<ArmResult> await(Duration timeout) {
        return Optional.ofNullable(result);
      }

      void tick(Duration d) {
        if (result != null) {
          return;
        }
        cost += PRICE * d.toMillis() / 3_600_000.0;
        if (stopReason != null) {
          // save_now: one poll for the save, then the trainer is released.
          savedAtStop = true;
          end(ArmResult.Ending.STOPPED, stopReason);
          return;
        }
        step = Math.min(total, step + d.toMillis() / 1000.0 / sps);
        events.accept(new ArmEvent.Progress(now, arm.name(), status()));
        if (step >= total) {
          end(ArmResult.Ending.COMPLETED, "completed");
        }
      }

      void end(ArmResult.Ending ending, String reason) {
        result =
            ArmResult.builder()
                .armName(arm.name())
                .ending(ending)
                .lastStep((int) step)
                .costUsd(cost)
                .released(true)
                .reason(reason)
                .build();
        events.accept(new ArmEvent.Ended(now, arm.name(), result));
      }
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public ArmTrainer start(SweepArm arm, Path armDir, Consumer<ArmEvent> events) {
      Trainer t = new Trainer(arm, events);
      trainers.add(t);
      maxRunning =
          (int) Math.max(maxRunning, trainers.stream().filter(x -> x.result == null).count());
      return t;
    }

    @Override
    public double usdPerHour(SweepArm arm) {
      return PRICE;
    }

    @Override
    public List<String> liveTrainers(String sweepName) {
      return trainers.stream().filter(t -> t.result == null).map(t -> t.arm.name()).toList();
    }

    @Override
    public void sleep(Duration d) {
      now = now.plus(d);
      trainers.forEach(t -> t.tick(d));
    }

    Trainer trainer(String suffix) {
      return trainers.stream().filter(t -> t.arm.name().endsWith(suffix)).findFirst().orElseThrow();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static LoraProject project() {
    return LoraProject.builder()
        .name("maya_lora")
        .trigger(TriggerWord.of("maya_char"))
        .baseModel(BaseModel.QWEN_IMAGE_2512)
        .dataset(ExampleProjects.guideDataset())
        .build();
  }

  private static SweepPlan plan(String vary, int parallel, double cap) {
    return SweepPlan.of(
        project(),
        List.of(SweepAxis.parse(vary)),
        parallel,
        cap,
        TrainingPlanner.defaults().withPricePerHour(PRICE));
  }

  private SweepRunner.Builder runner(Scripted backend, SweepPlan plan) {
    return SweepRunner.builder(backend, plan, dir)
        .sleeper(backend)
        .clock(backend)
        .pollInterval(POLL)
        .stopReserve(POLL.multipliedBy(2));
  }

  /** A scorer that ranks arms by a fixed identity per arm (name suffix). */
  private static ArmScorer identities(Map<String, Double> bySuffix) {
    return new ArmScorer() {
      @Override
      public RungScore score(ArmObservation seen, int rung, int step) {
        double id =
            bySuffix.entrySet().stream()
                .filter(e -> seen.arm().name().endsWith(e.getKey()))
                .findFirst()
                .orElseThrow()
                .getValue();
        return ArmScorer.lossOnly(seen, rung, step, "fixed identity").identity(id).build();
      }

      @Override
      public String basis() {
        return "fixed identity per arm";
      }
    };
  }

  @Test
  void run_capFitsTwoProjections_startsTwoOfThreeAndSkipsTheThird() throws Exception {
    SweepPlan plan = plan("lr=1e-4,2e-4,3e-4", 3, 1);
    double p = PRICE * plan.arms().get(0).projectedHours();
    // The rule: an arm starts when spend + what the running arms have ahead + its projection fits.
    // Arms 1 and 2 commit 2p; a third would commit 3p > 2.5p. When 1 and 2 end they have spent
    // their training hours (no setup in the script), which with the third's p is above 2.5p.
    double cap = 2.5 * p;
    plan = plan("lr=1e-4,2e-4,3e-4", 3, cap);
    double trainingCost = PRICE * plan.arms().get(0).plan().orElseThrow().time().trainingHours();
    assertThat(2 * trainingCost + p).as("precondition of the scenario").isGreaterThan(cap);
    Scripted backend = new Scripted();

    SweepResult r = runner(backend, plan).rungs(List.of()).build().run();

    assertThat(backend.trainers).hasSize(2);
    assertThat(backend.maxRunning).isEqualTo(2);
    assertThat(r.arms().get(2).notStarted()).hasValueSatisfying(s -> assertThat(s).contains("cap"));
    assertThat(r.arms().get(0).result().orElseThrow().ending())
        .isEqualTo(ArmResult.Ending.COMPLETED);
    assertThat(r.spentUsd()).isLessThanOrEqualTo(cap);
    assertThat(r.liveTrainers()).isEmpty();
  }

  @Test
  void run_fourArmsAtOnce_stopsTheWorseHalfAtEachRung() throws Exception {
    SweepPlan plan = plan("lr=1e-4,2e-4,3e-4,4e-4", 4, 10_000);
    Scripted backend = new Scripted();
    ArmScorer scorer =
        identities(Map.of("lr1e-4", 0.9, "lr2e-4", 0.8, "lr3e-4", 0.7, "lr4e-4", 0.6));

    SweepResult r = runner(backend, plan).scorer(scorer).build().run();

    int total = plan.arms().get(0).plan().orElseThrow().budget().totalSteps();
    // All four reach 1/3 in the same poll: the worse half (0.7, 0.6) stops there. At 2/3 the two
    // left: the worse (0.8) stops. The best trains to its end.
    assertThat(backend.trainer("lr1e-4").result.ending()).isEqualTo(ArmResult.Ending.COMPLETED);
    assertThat(backend.trainer("lr1e-4").stopCalls).isEmpty();
    for (String weak : List.of("lr3e-4", "lr4e-4")) {
      Scripted.Trainer t = backend.trainer(weak);
      assertThat(t.stopCalls).hasSize(1);
      assertThat(t.stopCalls.get(0)).startsWith("rung 1 at step " + Math.round(total / 3.0));
      assertThat(t.savedAtStop).isTrue();
      assertThat(t.result.lastStep()).isBetween((int) Math.round(total / 3.0), total / 2);
    }
    Scripted.Trainer second = backend.trainer("lr2e-4");
    assertThat(second.stopCalls).singleElement().asString().startsWith("rung 2 at step");
    assertThat(second.result.lastStep()).isLessThan(total);
    assertThat(r.ranking())
        .extracting(SweepResult.Arm::name)
        .containsExactly(
            "maya_lora_lr1e-4", "maya_lora_lr2e-4", "maya_lora_lr3e-4", "maya_lora_lr4e-4");
    assertThat(r.ranking()).extracting(SweepResult.Arm::rungsSurvived).containsExactly(2, 1, 0, 0);
    assertThat(r.arms().get(0).rungScores()).extracting(RungScore::rung).containsExactly(1, 2);
    assertThat(r.arms().get(0).rungScores().get(0).identity()).hasValue(0.9);
  }

  @Test
  void run_laterArrivalBetter_sendsAnEarlierArmHome() throws Exception {
    // One at a time: the first arm passes rung 1 alone (1 of 1 kept). The second, better, arrives
    // and the first is in the worse half of two; it has ended by then, so nothing is stopped. Each
    // later arm is compared with all scores at the rung: the third (worst) is stopped at once.
    SweepPlan plan = plan("lr=1e-4,2e-4,3e-4", 1, 10_000);
    Scripted backend = new Scripted();
    ArmScorer scorer = identities(Map.of("lr1e-4", 0.5, "lr2e-4", 0.9, "lr3e-4", 0.1));

    SweepResult r = runner(backend, plan).scorer(scorer).rungs(List.of(0.5)).build().run();

    assertThat(backend.maxRunning).isEqualTo(1);
    assertThat(backend.trainer("lr1e-4").stopCalls).isEmpty();
    assertThat(backend.trainer("lr2e-4").stopCalls).isEmpty();
    assertThat(backend.trainer("lr3e-4").stopCalls)
        .singleElement()
        .asString()
        .startsWith("rung 1")
        .contains("ranked 3 of 3");
    assertThat(r.ranking().get(0).name()).isEqualTo("maya_lora_lr2e-4");
  }

  @Test
  void run_armsSlowerThanPlanned_stopsTheArmWithTheMostAheadToKeepTheCap() throws Exception {
    SweepPlan probe = plan("lr=1e-4,2e-4", 2, 1);
    SweepArm arm = probe.arms().get(0);
    double planned = arm.plan().orElseThrow().time().secondsPerStep();
    double p = PRICE * arm.projectedHours();
    double cap = 2.2 * p;
    SweepPlan plan = plan("lr=1e-4,2e-4", 2, cap);
    Scripted backend = new Scripted();
    // Measured speeds: arm 1 at 1.5x the planned seconds per step, arm 2 at 2x. Once measured,
    // each arm has (total - step) x speed ahead; both together exceed 2.2p, so the one with more
    // ahead (arm 2, the slower) is stopped. Arm 1 alone: 1.5 x training cost < 2.2p.
    backend.secondsPerStep.put("maya_lora_lr1e-4", planned * 1.5);
    backend.secondsPerStep.put("maya_lora_lr2e-4", planned * 2);
    double training = PRICE * arm.plan().orElseThrow().time().trainingHours();
    assertThat(1.5 * training + 2 * training).as("precondition").isGreaterThan(cap);

    SweepResult r = runner(backend, plan).rungs(List.of()).build().run();

    assertThat(backend.trainer("lr2e-4").stopCalls)
        .singleElement()
        .asString()
        .startsWith("budget:");
    assertThat(backend.trainer("lr2e-4").savedAtStop).isTrue();
    assertThat(backend.trainer("lr1e-4").result.ending()).isEqualTo(ArmResult.Ending.COMPLETED);
    assertThat(r.spentUsd()).isLessThanOrEqualTo(cap);
    assertThat(r.spentUsd())
        .isCloseTo(
            1.5 * training + backend.trainer("lr2e-4").cost, within(PRICE * 2 / 60.0 + 1e-9));
  }
}
