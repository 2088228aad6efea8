/**
 * Implementation details shared between lorakit modules. <b>Not API</b>: anything here may change
 * or disappear in any release.
 */
package dev.lorakit.core.internal;
