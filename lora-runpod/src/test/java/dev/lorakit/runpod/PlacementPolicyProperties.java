package dev.lorakit.runpod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.lorakit.runpod.pod.Cloud;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementPolicyProperties {

  @Test
  void candidates_withoutCatalog_coverEveryCombinationOnceInPolicyOrder() {
    qt().forAll(
            integers().between(1, 4),
            integers().between(1, 2),
            integers().between(0, 3),
            integers().between(0, 1))
        .checkAssert(
            (gpus, clouds, dcs, order) -> {
              List<String> gpuIds = new ArrayList<>();
              for (int i = 0; i < gpus; i++) {
                gpuIds.add("GPU " + i);
              }
              List<String> dcIds = new ArrayList<>();
              for (int i = 0; i < dcs; i++) {
                dcIds.add("DC-" + i);
              }
              PlacementPolicy p =
                  PlacementPolicy.builder()
                      .gpuTypeIds(gpuIds)
                      .clouds(List.of(Cloud.SECURE, Cloud.COMMUNITY).subList(0, clouds))
                      .dataCenterIds(dcIds)
                      .order(PlacementOrder.values()[order])
                      .build();

              List<PlacementCandidate> c = p.candidates(Map.of());

              assertThat(c).hasSize(gpus * clouds * Math.max(1, dcs)).doesNotHaveDuplicates();
              assertThat(c.get(0).gpuTypeId()).isEqualTo("GPU 0");
              assertThat(c.get(0).cloud()).isEqualTo(Cloud.SECURE);
              PlacementCandidate last = c.get(c.size() - 1);
              assertThat(last.gpuTypeId()).isEqualTo("GPU " + (gpus - 1));
              if (p.order() == PlacementOrder.GPU_FIRST) {
                assertThat(c.get(clouds * Math.max(1, dcs) - 1).gpuTypeId()).isEqualTo("GPU 0");
              } else {
                assertThat(c.get(gpus * Math.max(1, dcs) - 1).cloud()).isEqualTo(Cloud.SECURE);
              }
            });
  }
}
