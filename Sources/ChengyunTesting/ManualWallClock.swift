public import ChengyunServices
public import Foundation
import Synchronization

/// A clock that moves only when told to: for tests across working hours, holidays and deadlines.
public final class ManualWallClock: WallClock {
    private let current: Mutex<Date>
    public init(_ start: Date) { current = Mutex(start) }
    public func now() -> Date { current.withLock { $0 } }
    public func advance(hours: Double) { current.withLock { $0 = $0.addingTimeInterval(hours * 3600) } }
    public func set(_ date: Date) { current.withLock { $0 = date } }
}
