package dev.lorakit.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's {@link KubernetesMockServer} in CRUD mode on 127.0.0.1, plus what CRUD mode lacks and a
 * cluster has: a pod's log ({@code GET .../pods/NAME/log}, which the kubelet serves) and the Job
 * controller's pod and status, both scripted by the test.
 */
final class FakeCluster implements AutoCloseable {
  private static final Pattern LOG =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(?:\\?(.*))?");

  private final Map<String, String> logs = new ConcurrentHashMap<>();
  private final KubernetesMockServer server;
  final KubernetesClient client;

  FakeCluster() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), responses, new LogDispatcher(responses), false);
    try {
      server.init(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client = server.createClient();
  }

  /** What the Job controller does once a node runs the Job: one pod with the template's labels. */
  Pod schedulePod(String namespace, String job) {
    Job j = client.batch().v1().jobs().inNamespace(namespace).withName(job).get();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(job + "-x7k2p")
            .withLabels(j.getSpec().getTemplate().getMetadata().getLabels())
            .addToLabels(JobNames.JOB_NAME, job)
            .endMetadata()
            .withSpec(j.getSpec().getTemplate().getSpec())
            .withNewStatus()
            .withPhase("Running")
            .endStatus()
            .build();
    return client.pods().inNamespace(namespace).resource(pod).create();
  }

  /** The whole log of the pod's container so far (the kubelet keeps the container's output). */
  void log(String pod, String text) {
    logs.put(pod, text);
  }

  /** The Job controller's verdict: {@code succeeded: 1} or {@code failed: 1} with a condition. */
  void finishJob(String namespace, String job, boolean succeeded) {
    Job j = client.batch().v1().jobs().inNamespace(namespace).withName(job).get();
    Job done =
        new JobBuilder(j)
            .withNewStatus()
            .withSucceeded(succeeded ? 1 : null)
            .withFailed(succeeded ? null : 1)
            .addNewCondition()
            .withType(succeeded ? "Complete" : "Failed")
            .withStatus("True")
            .withReason(succeeded ? null : "BackoffLimitExceeded")
            .withMessage(succeeded ? null : "Job has reached the specified backoff limit")
            .endCondition()
            .endStatus()
            .build();
    client.batch().v1().jobs().inNamespace(namespace).resource(done).updateStatus();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  /** CRUD for every resource; the log subresource from the scripted text. */
  private final class LogDispatcher extends KubernetesMixedDispatcher {
    LogDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
      super(responses);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      Matcher m = LOG.matcher(request.getPath());
      if (!m.matches() || !request.getMethod().equals("GET")) {
        return super.dispatch(request);
      }
      Map<String, String> query = query(m.group(3));
      String container = query.get("container");
      if (container != null && !container.equals(JobSpecs.CONTAINER)) {
        // the API server names the containers a pod has
        return new MockResponse()
            .setResponseCode(400)
            .setBody(status(400, "container " + container + " is not valid for pod " + m.group(2)));
      }
      String text = logs.get(m.group(2));
      if (text == null) {
        return new MockResponse()
            .setResponseCode(400)
            .setBody(
                status(
                    400,
                    "container \\\"ai-toolkit\\\" in pod \\\""
                        + m.group(2)
                        + "\\\" is waiting to start: ContainerCreating"));
      }
      String tail = query.get("tailLines");
      return new MockResponse().setResponseCode(200).setBody(tail(text, tail));
    }

    private String tail(String text, String lines) {
      if (lines == null) {
        return text;
      }
      // the kubelet counts lines by \n: a tqdm bar's \r refreshes are one line
      String[] all = text.split("(?<=\n)");
      int n = Integer.parseInt(lines);
      StringBuilder out = new StringBuilder();
      for (int i = Math.max(0, all.length - n); i < all.length; i++) {
        out.append(all[i]);
      }
      return out.toString();
    }

    private Map<String, String> query(String q) {
      Map<String, String> out = new HashMap<>();
      if (q != null) {
        for (String kv : q.split("&")) {
          int eq = kv.indexOf('=');
          if (eq > 0) {
            out.put(
                kv.substring(0, eq),
                URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
          }
        }
      }
      return out;
    }

    private String status(int code, String message) {
      return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\""
          + message
          + "\",\"code\":"
          + code
          + "}";
    }
  }
}
