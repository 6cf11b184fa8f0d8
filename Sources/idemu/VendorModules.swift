import Emulator
import SecureAuthConnect
import TransmitApps

/// The vendor modules this binary serves, in registration order.
enum VendorModules {
    static func all() -> [VendorModule] {
        [SecureAuthConnectModule(), TransmitAppsModule()]
    }
}
