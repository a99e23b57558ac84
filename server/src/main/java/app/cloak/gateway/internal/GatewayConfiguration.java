package app.cloak.gateway.internal;

import app.cloak.messaging.DeviceApi;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class GatewayConfiguration implements WebSocketConfigurer {
    /** Tomcat's one knob for the size of its per-socket WebSocket buffers, a system property read once per JVM. */
    static final String TOMCAT_BUFFER_SIZE = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    private final DeviceGateway gateway;
    private final DeviceApi device;

    GatewayConfiguration(DeviceGateway gateway, DeviceApi device) {
        this.gateway = gateway;
        this.device = device;
    }

    /**
     * Tokens, not cookies, authenticate a socket, so a foreign page cannot ride on a user's session:
     * any origin may connect.
     */
    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(gateway, "/ws").addInterceptors(new HandshakeAuthentication(device::head)).setAllowedOriginPatterns("*");
    }

    /**
     * The container allocates its text buffer up front for every socket, so it is kept small; frames
     * larger than it arrive in parts, and the gateway enforces the real limit (1009 above it).
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer(GatewaySettings settings) {
        var container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(Math.min(settings.socketBufferBytes(), settings.maxFrameBytes()));
        container.setMaxBinaryMessageBufferSize(1024);
        return container;
    }

    /**
     * Tomcat gives every WebSocket three buffers (frames read, frames written, text encoded) of the size in
     * {@value #TOMCAT_BUFFER_SIZE}, which it reads when its WebSocket classes are first used: at server start, after
     * this customizer has run. At its default of 8 KiB they were 24 KiB of each idle connection's ~68 KiB
     * (BENCHMARKS.md, ws-idle). Set from {@code cloak.gateway.socket-buffer-bytes}; like Tomcat, once per JVM.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> webSocketBuffers(GatewaySettings settings) {
        return factory -> System.setProperty(TOMCAT_BUFFER_SIZE, Integer.toString(settings.socketBufferBytes()));
    }
}
