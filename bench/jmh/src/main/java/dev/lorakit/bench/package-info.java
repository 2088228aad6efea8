/**
 * JMH benchmarks of lorakit's in-process costs, run on request with {@code bench/jmh.sh} over the
 * files {@code bench/whole-process.sh} generates. Not API, not published.
 */
package dev.lorakit.bench;
