/**
 * Implementation shared between the packages of lora-safetensors. Not API: anything here may change
 * without notice.
 */
package dev.lorakit.safetensors.internal;
