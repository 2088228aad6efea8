/**
 * Faces: what a detector finds, what an embedder makes of it, the face audit of a dataset and its
 * rules, and checkpoints ranked by the identity of their samples. The models themselves live in
 * lora-vision; this package holds the values and the decisions over them.
 */
@LoraStyle
package dev.lorakit.core.face;

import dev.lorakit.core.LoraStyle;
