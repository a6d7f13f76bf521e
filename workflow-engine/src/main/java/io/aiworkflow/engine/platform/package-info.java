/** Platform plumbing: schema migration at deploy, readiness, time. */
package io.aiworkflow.engine.platform;
