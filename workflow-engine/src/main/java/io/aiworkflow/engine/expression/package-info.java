/** The variable scope of a run and the evaluation of field designs (Fixed, Variable, JsonPath, StringInterpolation) over it. */
package io.aiworkflow.engine.expression;
