/** The {@code lorakit} command line. */
package dev.lorakit.cli;
