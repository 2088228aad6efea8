package dev.lorakit.core.project;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.training.Quantization;
import dev.lorakit.core.training.SavePolicy;
import dev.lorakit.core.training.TrainingLength;
import dev.lorakit.core.training.TrainingParameters;
import java.util.List;

/**
 * The guide's example project, for demos, documentation and tests.
 *
 * <pre>{@code
 * ValidationReport report = RuleEngine.qwenCharacter().check(ExampleProjects.guideAsWritten());
 * }</pre>
 */
public final class ExampleProjects {
  private ExampleProjects() {}

  /** The guide's dataset: 70 character images x 40 repeats and 30 body photos x 20 repeats. */
  public static DatasetSpec guideDataset() {
    return DatasetSpec.builder()
        .root("dataset")
        .addFolder(DatasetFolder.fromFolderName("40_maya_char").withImageCount(70))
        .addFolder(DatasetFolder.fromFolderName("20_maya_char_realbody").withImageCount(30))
        .build();
  }

  /**
   * The guide's project exactly as the guide writes it, defects included: Qwen-Image-Edit-2509
   * without control images, {@code steps: 3400} and 10 epochs, the legacy {@code
   * gradient_accumulation_steps: 4}, {@code resolution: [1024, 1024]}, {@code save_every: 340},
   * {@code int8}.
   */
  public static LoraProject guideAsWritten() {
    return LoraProject.builder()
        .name("qwen_character_lora")
        .trigger(TriggerWord.of("maya_char"))
        .dataset(guideDataset())
        .training(
            TrainingParameters.builder()
                .length(TrainingLength.of(10, 3400))
                .gradientAccumulation(1)
                .gradientAccumulationSteps(4)
                .resolutions(List.of(1024, 1024))
                .quantization(Quantization.builder().qtype("int8").build())
                .save(SavePolicy.builder().saveEvery(340).keep(10).build())
                .build())
        .sampling(
            SamplingSettings.builder()
                .prompts(
                    List.of(
                        SamplePrompt.of("maya_char, portrait, smiling, high quality"),
                        SamplePrompt.of("maya_char, full body, standing, photorealistic"),
                        SamplePrompt.of("maya_char, realistic_body, detailed skin")))
                .negativePrompt("low quality, blurry, artifacts")
                .build())
        .build();
  }
}
