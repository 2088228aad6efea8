package dev.lorakit.core.face;

import org.immutables.value.Value;

/** A point in image pixels (x to the right, y down). */
@Value.Immutable
public abstract class FacePoint {
  @Value.Parameter
  public abstract double x();

  @Value.Parameter
  public abstract double y();

  public static FacePoint of(double x, double y) {
    return ImmutableFacePoint.of(x, y);
  }
}
