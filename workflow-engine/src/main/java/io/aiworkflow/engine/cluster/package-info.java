/**
 * Servers sharing one database: each announces itself ({@link io.aiworkflow.engine.cluster.ServerHeartbeat}),
 * closes the runs of servers gone quiet, holds a lease on a run before it moves the run on from
 * outside ({@link io.aiworkflow.engine.cluster.ServerRunLease}), and takes over the waiting runs of
 * stopped servers ({@link io.aiworkflow.engine.cluster.WaitingRunAdopter},
 * {@link io.aiworkflow.engine.cluster.WaitingRunResumer}). Depends on history and runs; neither
 * depends on it.
 */
package io.aiworkflow.engine.cluster;
