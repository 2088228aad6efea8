package dev.lorakit.core;

import dev.lorakit.core.caption.TriggerWord;
import dev.lorakit.core.dataset.DatasetFolder;
import dev.lorakit.core.dataset.DatasetSpec;
import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.project.SamplePrompt;
import dev.lorakit.core.project.SamplingSettings;
import dev.lorakit.core.training.Quantization;
import dev.lorakit.core.training.SavePolicy;
import dev.lorakit.core.training.TrainingLength;
import dev.lorakit.core.training.TrainingParameters;
import java.util.List;

/** The guide's project exactly as the guide writes it, defects included. */
public final class GuideProject {
  private GuideProject() {}

  public static DatasetSpec dataset() {
    return DatasetSpec.builder()
        .root("dataset")
        .addFolder(DatasetFolder.fromFolderName("40_maya_char").withImageCount(70))
        .addFolder(DatasetFolder.fromFolderName("20_maya_char_realbody").withImageCount(30))
        .build();
  }

  public static LoraProject asWritten() {
    return LoraProject.builder()
        .name("qwen_character_lora")
        .trigger(TriggerWord.of("maya_char"))
        .dataset(dataset())
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
