package dev.lorakit.safetensors.bench;

import dev.lorakit.safetensors.lora.LoraFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the LoRA files {@code bench/whole-process.sh} inspects: Qwen-Image LoRAs of 840 modules at
 * rank 2, 16 and 64 (37 MB, 295 MB, 1.18 GB), and a run folder of ten 295 MB checkpoints. Existing
 * files are kept. Not a test.
 */
public final class WriteBenchLoras {
  private WriteBenchLoras() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/lorakit-bench-loras");
    Files.createDirectories(dir.resolve("run"));
    write(dir.resolve("qwen_r2_60blocks.safetensors"), 2, 0);
    write(dir.resolve("qwen_r16_60blocks.safetensors"), 16, 0);
    write(dir.resolve("qwen_r64_60blocks.safetensors"), 64, 0);
    for (int i = 1; i <= 10; i++) {
      int step = i * 250;
      Path file =
          dir.resolve("run")
              .resolve(
                  i == 10
                      ? "bench_lora.safetensors"
                      : String.format("bench_lora_%09d.safetensors", step));
      write(file, 16, step);
    }
  }

  private static void write(Path file, int rank, int step) {
    if (Files.isRegularFile(file)) {
      return;
    }
    LoraFiles.Builder b = LoraFiles.qwen().rank(rank).blocks(60).seed(rank * 1000L + step);
    if (step > 0) {
      b.step(step).magnitude(0.001f * step / 250);
    }
    b.write(file);
    System.out.println("wrote " + file);
  }
}
