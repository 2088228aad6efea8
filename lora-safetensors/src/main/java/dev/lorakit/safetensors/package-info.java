/**
 * A small, strict safetensors reader and writer.
 *
 * <p>{@link dev.lorakit.safetensors.SafetensorsReader#readHeader(java.nio.file.Path)} reads the
 * 8-byte length and the JSON header only and validates them as the reference implementation does;
 * {@link dev.lorakit.safetensors.SafetensorsReader#open(java.nio.file.Path)} adds memory-mapped
 * access to tensor data. {@link dev.lorakit.safetensors.SafetensorsWriter} writes files the
 * reference reader accepts. Problems in a file are thrown as subclasses of {@link
 * dev.lorakit.safetensors.SafetensorsException} whose {@link
 * dev.lorakit.safetensors.SafetensorsErrorKind} names the reference error.
 */
@LoraStyle
package dev.lorakit.safetensors;

import dev.lorakit.core.LoraStyle;
