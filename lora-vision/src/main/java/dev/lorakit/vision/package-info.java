/**
 * WD14 tagging and face detection/embedding on ONNX Runtime (CPU), with model files the user
 * supplies: lorakit never downloads weights. {@link dev.lorakit.vision.Wd14Tagger} tags images for
 * captions; {@link dev.lorakit.vision.FaceModels} opens YuNet or SCRFD detectors and SFace or
 * ArcFace embedders, told apart by their inputs and outputs; {@link dev.lorakit.vision.FaceAuditor}
 * audits a dataset, {@link dev.lorakit.vision.LossMasks} writes masks over foreign faces and {@link
 * dev.lorakit.vision.SampleScorer} scores a run's samples per checkpoint.
 */
@LoraStyle
package dev.lorakit.vision;

import dev.lorakit.core.LoraStyle;
