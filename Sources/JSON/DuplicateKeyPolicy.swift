/// What the parser does when an object repeats a member name.
public enum DuplicateKeyPolicy: Sendable {
    /// Fail with a `duplicate key` error at the repeated key.
    case reject
    /// Keep the first occurrence's position and the last occurrence's value.
    case lastWins
}
