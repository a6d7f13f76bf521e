/**
 * The workflow definition model of seed 003 ({@code FunctionDesign}, nodes, field designs,
 * connections), how it is read from JSON, and the validator publishing runs. Passive: no execution code.
 */
package io.aiworkflow.domain.definition;
