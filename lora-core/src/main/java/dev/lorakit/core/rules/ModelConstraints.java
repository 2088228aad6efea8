package dev.lorakit.core.rules;

import static dev.lorakit.core.rules.RuleText.project;
import static dev.lorakit.core.validation.Severity.ERROR;

import dev.lorakit.core.project.LoraProject;
import dev.lorakit.core.validation.Findings;
import dev.lorakit.core.validation.RuleDescriptor;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.hibernate.validator.spi.properties.ConstrainableExecutable;
import org.hibernate.validator.spi.properties.GetterPropertySelectionStrategy;

/**
 * Runs the Jakarta constraints declared on the model (hard bounds such as rank >= 1) and turns each
 * failure into a {@code model.invalid-value} violation.
 *
 * <pre>{@code
 * String id = ModelConstraints.INVALID_VALUE.id(); // "model.invalid-value"
 * }</pre>
 */
public final class ModelConstraints {
  /** A value outside what the trainer can accept at all. */
  public static final RuleDescriptor INVALID_VALUE =
      project(
          "model.invalid-value",
          ERROR,
          "a value is outside what the trainer can accept at all (rank 0, negative lr, batch 0)",
          "the trainer crashes or trains nothing with such a value",
          "set the value inside its bound",
          "Jakarta constraints on the model");

  // Kept strongly reachable: JUL forgets a logger's level once it is garbage collected.
  private static final Logger HV_LOGGER = Logger.getLogger("org.hibernate.validator");

  /** Java property paths to the trainer keys users know. */
  private static final Map<String, String> TRAINER_KEYS =
      Map.ofEntries(
          Map.entry("name", "config.name"),
          Map.entry("training.network.rank", "network.linear"),
          Map.entry("training.network.alpha", "network.linear_alpha"),
          Map.entry("training.learningRate", "train.lr"),
          Map.entry("training.batchSize", "train.batch_size"),
          Map.entry("training.gradientAccumulation", "train.gradient_accumulation"),
          Map.entry("training.gradientAccumulationSteps", "train.gradient_accumulation_steps"),
          Map.entry("training.length.steps", "train.steps"),
          Map.entry("training.length.epochs", "epochs"),
          Map.entry("training.ema.decay", "train.ema_config.ema_decay"),
          Map.entry("training.captionDropoutRate", "datasets[].caption_dropout_rate"),
          Map.entry("training.save.saveEvery", "save.save_every"),
          Map.entry("training.save.keep", "save.max_step_saves_to_keep"),
          Map.entry("sampling.sampleEvery", "sample.sample_every"),
          Map.entry("sampling.width", "sample.width"),
          Map.entry("sampling.height", "sample.height"),
          Map.entry("sampling.guidanceScale", "sample.guidance_scale"),
          Map.entry("sampling.sampleSteps", "sample.sample_steps"));

  /**
   * Booted on first use, not when the rules are listed: Hibernate Validator's bootstrap loads about
   * 560 classes (docs/performance.md), which only a project check needs.
   */
  private static final class Factory {
    static final ValidatorFactory INSTANCE;

    static {
      HV_LOGGER.setLevel(Level.WARNING);
      INSTANCE =
          Validation.byProvider(HibernateValidator.class)
              .configure()
              .messageInterpolator(new ParameterMessageInterpolator())
              .getterPropertySelectionStrategy(new AccessorStrategy())
              .buildValidatorFactory();
    }
  }

  private ModelConstraints() {}

  static void check(LoraProject project, Findings out) {
    Validator validator = Factory.INSTANCE.getValidator();
    Set<ConstraintViolation<LoraProject>> found = validator.validate(project);
    for (ConstraintViolation<LoraProject> cv : found) {
      String javaPath = cv.getPropertyPath().toString().replaceAll("<[^>]*>", "");
      String path = trainerKey(javaPath);
      Object bound = bound(cv);
      out.report(
          path,
          String.format(Locale.ROOT, "%s %s %s", path, cv.getInvalidValue(), cv.getMessage()),
          "set " + path + " to a value that " + cv.getMessage(),
          String.valueOf(cv.getInvalidValue()),
          bound);
    }
    nonFinite(project, out);
  }

  /** Jakarta's numeric constraints let NaN and infinities through; the trainer does not. */
  private static void nonFinite(LoraProject p, Findings out) {
    Map<String, Double> values = new java.util.LinkedHashMap<>();
    values.put("network.linear_alpha", p.training().network().alpha());
    values.put("train.lr", p.training().learningRate());
    values.put("train.ema_config.ema_decay", p.training().ema().decay());
    values.put("datasets[].caption_dropout_rate", p.training().captionDropoutRate());
    values.put("sample.guidance_scale", p.sampling().guidanceScale());
    values.forEach(
        (path, value) -> {
          if (!Double.isFinite(value)) {
            out.report(
                path,
                String.format(Locale.ROOT, "%s %s is not a finite number", path, value),
                "set " + path + " to a finite number",
                String.valueOf(value),
                "finite");
          }
        });
  }

  private static String trainerKey(String javaPath) {
    String normalized = javaPath.replaceAll("\\[\\d*]", "[]");
    return TRAINER_KEYS.getOrDefault(normalized, normalized);
  }

  private static Object bound(ConstraintViolation<?> cv) {
    Map<String, Object> attrs = cv.getConstraintDescriptor().getAttributes();
    for (String key : new String[] {"value", "min", "max"}) {
      if (attrs.containsKey(key)) {
        return attrs.get(key);
      }
    }
    return null;
  }

  /**
   * lorakit accessors have no {@code get} prefix (Immutables style), so every public or protected
   * no-argument instance method with a result counts as a property.
   */
  private static final class AccessorStrategy implements GetterPropertySelectionStrategy {
    @Override
    public Optional<String> getProperty(ConstrainableExecutable executable) {
      if (executable.getParameterTypes().length != 0
          || executable.getReturnType() == void.class
          || Set.of("toString", "hashCode", "getClass", "builder").contains(executable.getName())) {
        return Optional.empty();
      }
      return Optional.of(executable.getName());
    }

    @Override
    public List<String> getGetterMethodNameCandidates(String propertyName) {
      return List.of(propertyName);
    }
  }
}
