package app.cloak.platform.eventbus.memory;

import app.cloak.platform.eventbus.SignalBus;
import app.cloak.platform.eventbus.SignalBusContract;

class InMemorySignalBusTest implements SignalBusContract {
    private final InMemorySignalBus bus = new InMemorySignalBus();

    @Override
    public SignalBus bus() {
        return bus;
    }
}
