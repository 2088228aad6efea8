/** Random generators of valid and deliberately broken lorakit models, for property tests. */
package dev.lorakit.testkit;
