package dev.lorakit.core.training;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code train.lr_scheduler} names of ai-toolkit's {@code toolkit/scheduler.py} ({@code
 * get_lr_scheduler}) at 27a03a91, the build of the pinned pod image. {@code BaseSDTrainProcess}
 * l.2231-2242 always passes {@code total_iters=steps} (unless {@code lr_scheduler_params} holds
 * {@code max_iterations}), and the scheduler is built after the model has loaded, so a name that
 * does not construct costs the whole model load.
 *
 * <pre>{@code
 * LrSchedulers.failure("step"); // StepLR() got an unexpected keyword argument 'total_iters'
 * LrSchedulers.failure("cosine"); // empty
 * }</pre>
 */
public final class LrSchedulers {
  /** The names that construct: l.11-44 of {@code scheduler.py}, compared case-sensitively. */
  public static final Set<String> CONSTRUCTING =
      Set.copyOf(
          new LinkedHashSet<>(
              List.of(
                  "constant", "constant_with_warmup", "cosine", "cosine_with_restarts", "linear")));

  /**
   * The {@code lr_scheduler_params} keys each constructing scheduler takes besides the optimizer.
   */
  public static final Map<String, Set<String>> PARAMS =
      Map.of(
          "constant", Set.of("factor", "total_iters", "last_epoch"),
          "linear", Set.of("start_factor", "end_factor", "total_iters", "last_epoch"),
          "cosine", Set.of("T_max", "eta_min", "last_epoch"),
          "cosine_with_restarts", Set.of("T_0", "T_mult", "eta_min", "last_epoch"),
          "constant_with_warmup", Set.of("num_warmup_steps", "last_epoch"));

  private LrSchedulers() {}

  /** Written order for messages. */
  public static List<String> names() {
    return List.of("constant", "cosine", "cosine_with_restarts", "linear", "constant_with_warmup");
  }

  /**
   * Why {@code get_lr_scheduler} fails for the name, or empty when it constructs. {@code step} is
   * torch {@code StepLR}, which takes no {@code total_iters} (l.23-27); {@code polynomial} and
   * {@code piecewise_constant} are diffusers {@code SchedulerType} values whose functions take no
   * {@code total_iters} either (l.45-54); every other name is not a {@code SchedulerType} of the
   * pinned diffusers (c9438378). All of them end in {@code ValueError("Scheduler must be cosine,
   * cosine_with_restarts, step, linear or constant")} or a TypeError.
   */
  public static Optional<String> failure(String name) {
    if (CONSTRUCTING.contains(name)) {
      return Optional.empty();
    }
    switch (name) {
      case "step":
        return Optional.of(
            "torch StepLR takes no total_iters, which the trainer always passes, so it raises a"
                + " TypeError (toolkit/scheduler.py l.23-27, BaseSDTrainProcess.py l.2231-2242)");
      case "polynomial":
      case "piecewise_constant":
        return Optional.of(
            "the diffusers scheduler function takes no total_iters, which the trainer always"
                + " passes, so get_lr_scheduler raises 'Scheduler must be ...'"
                + " (toolkit/scheduler.py l.45-57)");
      default:
        return Optional.of(
            "it is not a name get_lr_scheduler or the pinned diffusers SchedulerType knows, so it"
                + " raises 'Scheduler must be ...' (toolkit/scheduler.py l.45-57; names are"
                + " case-sensitive)");
    }
  }
}
