/**
 * The workflow executor: an agenda per graph scope (the workflow, each ForEach iteration, each
 * sub-workflow) driven by small steps (plan, launch, take connections, skip dead paths, join), and the
 * single ordered event stream each run publishes.
 */
package io.aiworkflow.engine.execution;
