/**
 * The workflow definition model of the REST API ({@code FunctionDesign}, nodes, field designs,
 * connections), how it is read from JSON, and the validator publishing runs. Passive: no execution code.
 */
package io.aiworkflow.domain.definition;
