/** Dataset folders as declared (specs) and as found on disk (snapshots). */
@LoraStyle
package dev.lorakit.core.dataset;

import dev.lorakit.core.LoraStyle;
