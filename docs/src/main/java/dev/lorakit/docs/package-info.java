/** Compiled documentation snippets of lorakit. */
package dev.lorakit.docs;
