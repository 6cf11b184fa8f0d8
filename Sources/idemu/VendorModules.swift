import Asgardeo
import Emulator
import SecureAuthConnect

/// The vendor modules this binary serves, in registration order.
enum VendorModules {
    static func all() -> [VendorModule] {
        [SecureAuthConnectModule(), AsgardeoModule()]
    }
}
