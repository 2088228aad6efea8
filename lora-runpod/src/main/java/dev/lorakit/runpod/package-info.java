/** RunPod REST v2 client and training-run orchestration with the ai-toolkit web UI. */
package dev.lorakit.runpod;
