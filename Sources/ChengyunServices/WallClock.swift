public import Foundation
import Synchronization

/// The source of "now" for use cases; the core never reads the time itself.
public protocol WallClock: Sendable {
    func now() -> Date
}

/// The system's clock.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that moves only when told to: for tests across working hours, holidays and deadlines.
public final class ManualWallClock: WallClock {
    private let current: Mutex<Date>
    public init(_ start: Date) { current = Mutex(start) }
    public func now() -> Date { current.withLock { $0 } }
    public func advance(hours: Double) { current.withLock { $0 = $0.addingTimeInterval(hours * 3600) } }
    public func set(_ date: Date) { current.withLock { $0 = date } }
}
