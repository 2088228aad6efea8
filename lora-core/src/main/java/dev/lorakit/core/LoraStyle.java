package dev.lorakit.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The single Immutables style of lorakit. Applied once per package in {@code package-info.java},
 * never inline on a type.
 *
 * <pre>{@code
 * @LoraStyle
 * package dev.lorakit.core.project;
 * }</pre>
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
    jdkOnly = true,
    depluralize = true,
    allParameters = false,
    defaults = @Value.Immutable(copy = true),
    visibility = Value.Style.ImplementationVisibility.PUBLIC,
    redactedMask = "****",
    stagedBuilder = false)
public @interface LoraStyle {}
