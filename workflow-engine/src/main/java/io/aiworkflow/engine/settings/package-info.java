/** The application's settings: one list ({@link Setting}) and how they are read. */
package io.aiworkflow.engine.settings;
