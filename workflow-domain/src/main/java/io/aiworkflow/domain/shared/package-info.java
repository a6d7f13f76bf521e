/** Types every layer shares: the public error codes and the exception that carries them. */
package io.aiworkflow.domain.shared;
