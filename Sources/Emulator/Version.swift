/// The emulator's release version, reported by `--version` and `GET /_emulator/health`.
public enum IdemuVersion {
    public static let current = "0.1.0"
}
