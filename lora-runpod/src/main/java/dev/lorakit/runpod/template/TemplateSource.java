package dev.lorakit.runpod.template;

/** Slice of the public template catalog ({@code GET /v2/catalog/templates?source=}). */
public enum TemplateSource {
  OFFICIAL,
  VERIFIED,
  COMMUNITY;

  public String wireValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
