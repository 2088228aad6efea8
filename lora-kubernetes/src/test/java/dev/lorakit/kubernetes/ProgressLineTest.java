package dev.lorakit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Bar refreshes as tqdm prints them: {@code {desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt}
 * [{elapsed}<{remaining}, {rate_fmt}{postfix}]} (tqdm/std.py l.585-589), {@code rate_fmt} {@code
 * "{rate:5.2f}it/s"} or {@code "{1/rate:5.2f}s/it"} when slower than one step a second (l.554-559),
 * {@code "?it/s"} before the first rate; postfix {@code ", lr: 1.0e-04 loss: 3.456e-01"}
 * (BaseSDTrainProcess.py l.2692-2698).
 */
class ProgressLineTest {
  @Test
  void parse_slowerThanAStepASecond_readsStepTotalLrAndLoss() {
    String line =
        "maya_lora_lr1e-4_r8:  12%|█▏        | 1020/8500 [21:15<2:35:50,  1.25s/it, lr: 1.0e-04 loss: 3.456e-01]";
    assertThat(ProgressLine.parse(line, "maya_lora_lr1e-4_r8"))
        .contains(new ProgressLine(1020, 8500, Optional.of(1e-4), Map.of("loss", 0.3456)));
  }

  @Test
  void parse_beforeTheFirstRate_hasNoPostfix() {
    String line = "maya_lora:   0%|          | 0/8500 [00:00<?, ?it/s]";
    assertThat(ProgressLine.parse(line, "maya_lora"))
        .contains(new ProgressLine(0, 8500, Optional.empty(), Map.of()));
  }

  @Test
  void parse_fasterThanAStepASecond_andSeveralLosses() {
    String line =
        "maya_lora: 100%|██████████| 850/850 [09:30<00:00,  1.49it/s, lr: 2.0e-04 loss: 1.200e-01 diff_loss: nan]";
    ProgressLine p = ProgressLine.parse(line, "maya_lora").orElseThrow();
    assertThat(p.step()).isEqualTo(850);
    assertThat(p.lr()).contains(2e-4);
    assertThat(p.losses()).containsEntry("loss", 0.12).containsKey("diff_loss");
    assertThat(p.losses().get("diff_loss")).isNaN();
  }

  @Test
  void parse_anotherBarOrAPrint_isNotProgress() {
    assertThat(ProgressLine.parse("Saving at step 850", "maya_lora")).isEmpty();
    // the baseline sampler's own tqdm, named otherwise
    assertThat(
            ProgressLine.parse(
                "Generating Images:  50%|█████     | 1/2 [00:05<00:05,  5.00s/it]", "maya_lora"))
        .isEmpty();
  }

  @Test
  void last_amongCarriageReturnRefreshesAndPrints_isTheNewestRefresh() {
    String log =
        "Running 1 job\n"
            + "\rmaya_lora:   0%|          | 10/850 [00:12<16:48,  1.20s/it, lr: 1.0e-04 loss: 4.000e-01]"
            + "\rmaya_lora:   2%|▏         | 20/850 [00:24<16:36,  1.20s/it, lr: 1.0e-04 loss: 3.000e-01]"
            + "\nSaving at step 20\n";
    assertThat(ProgressLine.last(log, "maya_lora").map(ProgressLine::step)).contains(20);
    assertThat(ProgressLine.last("Loading transformer\n", "maya_lora")).isEmpty();
  }
}
