package dev.lorakit.core.caption;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The victim of {@link CaptionCrashTest}: flips every caption of a folder between two states with
 * {@link CaptionEditPlan#apply()}, forever, until the test kills the JVM.
 */
final class CaptionWriterMain {
  private CaptionWriterMain() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int files = Integer.parseInt(args[1]);
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      paths.add(CaptionCrashTest.name(i));
    }
    boolean announced = false;
    for (long round = 0; ; round++) {
      CaptionEdit edit =
          round % 2 == 0
              ? CaptionEdit.replaceTag("state_a", "state_b")
              : CaptionEdit.replaceTag("state_b", "state_a");
      CaptionEditPlan.of(dir, paths, edit).apply();
      if (!announced) {
        System.out.println("running");
        System.out.flush();
        announced = true;
      }
    }
  }
}
