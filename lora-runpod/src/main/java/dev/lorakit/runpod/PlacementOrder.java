package dev.lorakit.runpod;

/** Which dimension a {@link PlacementPolicy} exhausts last when it lists candidates. */
public enum PlacementOrder {
  /** Every cloud and data centre of the first GPU type before the second GPU type. */
  GPU_FIRST,
  /** Every GPU type on the first cloud before the second cloud. */
  CLOUD_FIRST
}
