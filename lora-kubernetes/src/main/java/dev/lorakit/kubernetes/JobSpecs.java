package dev.lorakit.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ConfigMap and the {@code batch/v1} Job of one arm.
 *
 * <p>The container runs {@code python run.py /config/job.yaml} in {@code /app/ai-toolkit}:
 * ai-toolkit's {@code run.py} takes the config files as positional {@code config_file_list}
 * arguments (a name in its {@code config} folder "or full path"), and the image's last {@code
 * WORKDIR} is {@code /} ({@code docker/Dockerfile} l.117), so the working directory is set.
 */
final class JobSpecs {
  static final String CONTAINER = "ai-toolkit";
  static final String CONFIG_KEY = "job.yaml";
  static final String GPU = "nvidia.com/gpu";
  static final String GPU_PRODUCT = "nvidia.com/gpu.product";

  private JobSpecs() {}

  /** The labels of an arm's Job, ConfigMap and pods. */
  static Map<String, String> labels(String sweep, String arm) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(JobNames.MANAGED_BY, JobNames.MANAGER);
    labels.put(JobNames.SWEEP, JobNames.labelValue(sweep));
    labels.put(JobNames.ARM, JobNames.labelValue(arm));
    return labels;
  }

  static ConfigMap configMap(String name, Map<String, String> labels, String jobYaml) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .addToData(CONFIG_KEY, jobYaml)
        .build();
  }

  /** The arm's own folder on the volume, relative to its root. */
  static String armSubPath(KubernetesOptions options, String jobName) {
    return options.armsSubPath() + "/" + jobName;
  }

  static Job job(
      KubernetesOptions options, String name, Map<String, String> labels, String configMap) {
    Map<String, String> nodeSelector = new LinkedHashMap<>();
    options.gpuProduct().ifPresent(p -> nodeSelector.put(GPU_PRODUCT, p));
    Quantity oneGpu = new Quantity("1");
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        // one try: a failed arm is reported, not retried behind the budget's back
        .withBackoffLimit(0)
        .withTtlSecondsAfterFinished(options.ttlSecondsAfterFinished())
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(options.image())
        .withWorkingDir(KubernetesOptions.AI_TOOLKIT_DIR)
        .withCommand(List.of("python", "run.py", KubernetesOptions.CONFIG_MOUNT + "/" + CONFIG_KEY))
        .addNewEnv()
        // tqdm and print reach the pod log as they happen
        .withName("PYTHONUNBUFFERED")
        .withValue("1")
        .endEnv()
        .addNewEnv()
        // the base model's weights on the shared volume: downloaded once, not once per arm
        .withName("HF_HOME")
        .withValue(KubernetesOptions.HF_MOUNT)
        .endEnv()
        .withNewResources()
        .addToRequests(GPU, oneGpu)
        .addToLimits(GPU, oneGpu)
        .endResources()
        .addNewVolumeMount()
        .withName("config")
        .withMountPath(KubernetesOptions.CONFIG_MOUNT)
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("volume")
        .withMountPath(KubernetesOptions.TRAINING_MOUNT)
        .withSubPath(armSubPath(options, name))
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("volume")
        .withMountPath(KubernetesOptions.DATASET_MOUNT)
        .withSubPath(options.datasetSubPath())
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("volume")
        .withMountPath(KubernetesOptions.HF_MOUNT)
        .withSubPath(options.hfCacheSubPath())
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName(configMap)
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("volume")
        .withNewPersistentVolumeClaim()
        .withClaimName(options.claimName())
        .endPersistentVolumeClaim()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
