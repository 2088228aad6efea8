/**
 * ComfyUI API-format workflows as typed immutable graphs ({@link dev.lorakit.comfyui.Workflow}),
 * the Qwen graphs lorakit writes per base model ({@link dev.lorakit.comfyui.QwenWorkflows}), the
 * node-schema table that validates a graph the way ComfyUI's {@code validate_prompt} does ({@link
 * dev.lorakit.comfyui.NodeSchemas}, {@link dev.lorakit.comfyui.PromptValidator}), the workflow lint
 * rules ({@link dev.lorakit.comfyui.WorkflowRules}) and a small HTTP client ({@link
 * dev.lorakit.comfyui.ComfyClient}).
 */
@LoraStyle
package dev.lorakit.comfyui;

import dev.lorakit.core.LoraStyle;
