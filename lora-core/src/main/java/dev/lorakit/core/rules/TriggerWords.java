package dev.lorakit.core.rules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Words a trigger must not be: class words the base model knows well, and dictionary words. */
final class TriggerWords {

  /** Class nouns the guide warns about ("avoid common words like woman, person") and kin. */
  static final Set<String> CLASS_WORDS =
      Set.of(
          "woman",
          "women",
          "man",
          "men",
          "person",
          "people",
          "girl",
          "boy",
          "lady",
          "guy",
          "female",
          "male",
          "human",
          "character",
          "model",
          "face",
          "body",
          "portrait",
          "child",
          "kid",
          "adult",
          "teen",
          "teenager",
          "gentleman",
          "dude",
          "someone",
          "subject",
          "photo",
          "style",
          "realistic",
          "anime",
          "1girl",
          "1boy");

  private static final Set<String> DICTIONARY = load();

  private TriggerWords() {}

  static boolean isClassWord(String trigger) {
    return CLASS_WORDS.contains(trigger.strip().toLowerCase(Locale.ROOT));
  }

  /** Whether the whole trigger is an ordinary English word (SCOWL size-50 list). */
  static boolean isDictionaryWord(String trigger) {
    return DICTIONARY.contains(trigger.strip().toLowerCase(Locale.ROOT));
  }

  private static Set<String> load() {
    Set<String> words = new HashSet<>(70_000);
    try (InputStream in = TriggerWords.class.getResourceAsStream("english-words.txt")) {
      if (in == null) {
        throw new IllegalStateException("english-words.txt missing from the lora-core jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        if (!line.startsWith("#") && !line.isBlank()) {
          words.add(line.strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(words);
  }
}
