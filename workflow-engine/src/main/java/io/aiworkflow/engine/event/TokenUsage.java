package io.aiworkflow.engine.event;

/** Tokens a node run (or a whole run) consumed. */
public record TokenUsage(
        long promptTokens, long completionTokens, long totalTokens, long embeddingTokens, long rerankTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0);

    public static TokenUsage chat(long prompt, long completion) {
        return new TokenUsage(prompt, completion, prompt + completion, 0, 0);
    }

    public TokenUsage plus(TokenUsage other) {
        if (other == null) {
            return this;
        }
        return new TokenUsage(
                promptTokens + other.promptTokens,
                completionTokens + other.completionTokens,
                totalTokens + other.totalTokens,
                embeddingTokens + other.embeddingTokens,
                rerankTokens + other.rerankTokens);
    }

    public boolean isZero() {
        return equals(NONE);
    }
}
