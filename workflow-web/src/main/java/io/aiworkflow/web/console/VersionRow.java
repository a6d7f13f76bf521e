package io.aiworkflow.web.console;

import io.aiworkflow.engine.apps.AppViews.Version;

import java.io.Serializable;

/** One published version in the app page's list (a JavaBean: EL 5 cannot read records). */
public class VersionRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int version;
    private final String publishTime;
    private final String publishedBy;

    VersionRow(Version v) {
        this.version = v.version();
        this.publishTime = ConsoleTimes.format(v.publishTime());
        this.publishedBy = v.publishedBy();
    }

    public int getVersion() {
        return version;
    }

    public String getPublishTime() {
        return publishTime;
    }

    public String getPublishedBy() {
        return publishedBy;
    }
}
