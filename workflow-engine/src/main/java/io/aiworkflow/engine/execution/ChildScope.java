package io.aiworkflow.engine.execution;

/** Work a node run started in the agenda machinery (a loop, a sub-workflow), stopped with it. */
interface ChildScope {
    void abort(String code, String message);
}
