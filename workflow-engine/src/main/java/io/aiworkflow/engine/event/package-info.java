/** The engine's event stream: one immutable event per step of a run; every projection observes it. */
package io.aiworkflow.engine.event;
