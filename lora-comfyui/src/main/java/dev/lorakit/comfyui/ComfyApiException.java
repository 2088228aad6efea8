package dev.lorakit.comfyui;

/**
 * ComfyUI answered with an error status, such as {@code POST /prompt 400} for a prompt its
 * validator rejected. The message reads {@code POST /prompt 400: <server detail>}.
 */
public class ComfyApiException extends ComfyException {
  private static final long serialVersionUID = 1L;
  private final int statusCode;
  private final String method;
  private final String path;
  private final String errorBody;

  public ComfyApiException(int statusCode, String method, String path, String detail, String body) {
    super(method + " " + path + " " + statusCode + ": " + detail);
    this.statusCode = statusCode;
    this.method = method;
    this.path = path;
    this.errorBody = body;
  }

  public int statusCode() {
    return statusCode;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** The response body as ComfyUI sent it ({@code {"error": ..., "node_errors": ...}}). */
  public String errorBody() {
    return errorBody;
  }
}
