package dev.lorakit.kubernetes;

import dev.lorakit.core.sweep.SweepArm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Kubernetes-safe names and label values of sweeps and arms. */
final class JobNames {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String MANAGER = "lorakit";
  static final String SWEEP = "lorakit.dev/sweep";
  static final String ARM = "lorakit.dev/arm";

  /** The label the Job controller puts on its pods ({@code batch/v1} Job docs). */
  static final String JOB_NAME = "job-name";

  /**
   * 63: a Job name becomes the {@code job-name} label value of its pods, and label values are at
   * most 63 characters.
   */
  static final int MAX = 63;

  private JobNames() {}

  /**
   * A DNS-1123 label ({@code [a-z0-9]([-a-z0-9]*[a-z0-9])?}, at most 63) from any name: lower case,
   * every other character a {@code -} ({@code maya_lora_lr1e-4_r8} is {@code maya-lora-lr1e-4-r8});
   * a name that had to be cut ends in 8 hex of its SHA-256 so two long arm names stay two names.
   */
  static String dns1123(String name) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    s = s.replaceAll("-{2,}", "-").replaceAll("^-+", "").replaceAll("-+$", "");
    if (s.isEmpty()) {
      s = "arm";
    }
    if (s.length() <= MAX) {
      return s;
    }
    String hash = sha256(name).substring(0, 8);
    int keep = Math.min(s.length(), MAX - hash.length() - 1);
    String head = s.substring(0, keep).replaceAll("-+$", "");
    return (head.isEmpty() ? "arm" : head) + "-" + hash;
  }

  /** A label value ({@code [A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?}, at most 63). */
  static String labelValue(String name) {
    String s = name.replaceAll("[^A-Za-z0-9_.-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
    s = s.replaceAll("[^A-Za-z0-9]+$", "");
    if (s.length() <= MAX && !s.isEmpty()) {
      return s;
    }
    String hash = sha256(name).substring(0, 8);
    String head = s.substring(0, Math.min(s.length(), MAX - 9)).replaceAll("[^A-Za-z0-9]+$", "");
    return (head.isEmpty() ? "x" : head) + "-" + hash;
  }

  /**
   * The sweep an arm belongs to: its name without the labels of its changes. {@code SweepPlan}
   * names an arm {@code base + "_" + label} per varied setting, and a label has no {@code _}.
   */
  static String sweepName(SweepArm arm) {
    String name = arm.name();
    for (int i = 0; i < arm.changes().size(); i++) {
      int cut = name.lastIndexOf('_');
      if (cut <= 0) {
        return name;
      }
      name = name.substring(0, cut);
    }
    return name;
  }

  /** The sweep's name, then the arm's labels: {@code maya_lora-lr1e-4_r8}. */
  static String jobName(String sweepName, SweepArm arm) {
    String base = sweepName(arm);
    String labels =
        arm.name().startsWith(base) ? arm.name().substring(base.length()) : "_" + arm.name();
    return labels.isEmpty() ? sweepName : sweepName + "-" + labels.substring(1);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
