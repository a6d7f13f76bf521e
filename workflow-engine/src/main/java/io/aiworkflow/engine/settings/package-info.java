/** The application's settings: one list ({@link io.aiworkflow.engine.settings.Setting}) and how they are read. */
package io.aiworkflow.engine.settings;
