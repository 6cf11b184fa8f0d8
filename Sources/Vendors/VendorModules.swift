import Asgardeo
import Authlete
import Emulator
import IdentityStore
import SecureAuthConnect
import TransmitApps

/// The vendor modules this binary serves, in registration order: the one list the CLI and the tests share.
public enum VendorModules {
    public static func all() -> [VendorModule] {
        [SecureAuthConnectModule(), TransmitAppsModule(), IdentityStoreModule(), AuthleteModule(), AsgardeoModule()]
    }
}
