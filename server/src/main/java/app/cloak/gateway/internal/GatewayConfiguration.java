package app.cloak.gateway.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class GatewayConfiguration implements WebSocketConfigurer {
    private final DeviceGateway gateway;

    GatewayConfiguration(DeviceGateway gateway) {
        this.gateway = gateway;
    }

    /**
     * Tokens, not cookies, authenticate a socket, so a foreign page cannot ride on a user's session:
     * any origin may connect.
     */
    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(gateway, "/ws").addInterceptors(new HandshakeAuthentication()).setAllowedOriginPatterns("*");
    }

    /**
     * The container allocates its text buffer up front for every socket, so it is kept small; frames
     * larger than it arrive in parts, and the gateway enforces the real limit (1009 above it).
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer(GatewaySettings settings) {
        var container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(Math.min(8192, settings.maxFrameBytes()));
        container.setMaxBinaryMessageBufferSize(1024);
        return container;
    }
}
