/** Comma-separated tag captions and trigger words. */
@LoraStyle
package dev.lorakit.core.caption;

import dev.lorakit.core.LoraStyle;
