package io.aiworkflow.web.headers;

import io.aiworkflow.engine.settings.Setting;
import io.aiworkflow.engine.settings.Settings;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * The console's session cookie is {@code Secure} (sent over HTTPS only) when
 * {@code WORKFLOW_SECURE_COOKIES=true}: set it whenever users reach the platform through TLS, also
 * when TLS ends at a proxy in front of it (the server then cannot tell by itself).
 */
@WebListener
public class SessionCookieSettings implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (Settings.current().isTrue(Setting.SECURE_COOKIES)) {
            event.getServletContext().getSessionCookieConfig().setSecure(true);
        }
    }
}
