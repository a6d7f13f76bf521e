package io.aiworkflow.web.it;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Stops the shared test platform when the test JVM's JUnit session ends. */
public class PlatformSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        try {
            TestPlatform.stop();
        } catch (Exception e) {
            System.err.println("[it] stopping the platform failed: " + e);
        }
    }
}
