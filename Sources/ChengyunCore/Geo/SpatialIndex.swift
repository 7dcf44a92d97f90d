/// 空间索引 — an immutable R-tree packed with the Sort-Tile-Recursive algorithm.
public struct SpatialIndex<Value: Sendable>: Sendable {
    struct Node: Sendable {
        var box: BoundingBox
        /// Index of the first child: a node index, or an entry index for a leaf.
        var first: Int
        var count: Int
        var isLeaf: Bool
    }

    private let entries: [(box: BoundingBox, value: Value)]
    private let nodes: [Node]
    private let root: Int?

    public var count: Int { entries.count }

    public init(_ entries: [(box: BoundingBox, value: Value)], nodeCapacity: Int = 16) {
        let capacity = max(nodeCapacity, 2)
        let sorted = SpatialIndex.tile(Array(entries.indices), capacity: capacity) { entries[$0].box }
        self.entries = sorted.map { entries[$0] }
        var nodes: [Node] = []
        var level: [Int] = []
        for start in stride(from: 0, to: sorted.count, by: capacity) {
            let count = min(capacity, sorted.count - start)
            let box = self.entries[start..<start + count].reduce(BoundingBox.empty) { $0.union($1.box) }
            nodes.append(Node(box: box, first: start, count: count, isLeaf: true))
            level.append(nodes.count - 1)
        }
        while level.count > 1 {
            let ordered = SpatialIndex.tile(level, capacity: capacity) { nodes[$0].box }
            // Children of one parent must be contiguous: copy them in tile order.
            let base = nodes.count
            for i in ordered { nodes.append(nodes[i]) }
            var next: [Int] = []
            for start in stride(from: 0, to: ordered.count, by: capacity) {
                let count = min(capacity, ordered.count - start)
                let box = nodes[(base + start)..<(base + start + count)].reduce(BoundingBox.empty) { $0.union($1.box) }
                nodes.append(Node(box: box, first: base + start, count: count, isLeaf: false))
                next.append(nodes.count - 1)
            }
            level = next
        }
        self.nodes = nodes
        root = level.first
    }

    /// Orders items so that consecutive runs of `capacity` are spatially compact (STR).
    static func tile(_ items: [Int], capacity: Int, box: (Int) -> BoundingBox) -> [Int] {
        guard items.count > capacity else { return items }
        let pages = (items.count + capacity - 1) / capacity
        let slices = Int(Double(pages).squareRoot().rounded(.up))
        let perSlice = slices * capacity
        let byLon = items.sorted { box($0).center.lon < box($1).center.lon }
        var out: [Int] = []
        out.reserveCapacity(items.count)
        for start in stride(from: 0, to: byLon.count, by: perSlice) {
            let slice = byLon[start..<min(start + perSlice, byLon.count)]
            out += slice.sorted { box($0).center.lat < box($1).center.lat }
        }
        return out
    }

    /// Values whose box contains the point.
    public func search(_ p: GeoPoint) -> [Value] {
        search { $0.contains(p) }
    }

    /// Values whose box intersects the box.
    public func search(_ box: BoundingBox) -> [Value] {
        search { $0.intersects(box) }
    }

    private func search(_ hits: (BoundingBox) -> Bool) -> [Value] {
        guard let root else { return [] }
        var found: [Value] = []
        var stack = [root]
        while let n = stack.popLast() {
            let node = nodes[n]
            guard hits(node.box) else { continue }
            if node.isLeaf {
                for e in node.first..<(node.first + node.count) where hits(entries[e].box) { found.append(entries[e].value) }
            } else {
                stack.append(contentsOf: node.first..<(node.first + node.count))
            }
        }
        return found
    }
}

/// 网格定位 — resolves a point to the area that contains it: the R-tree narrows, point-in-polygon decides.
public struct AreaLocator<ID: Hashable & Sendable>: Sendable {
    struct Candidate: Sendable {
        var id: ID
        var area: Area
        var size: Double
    }

    private let index: SpatialIndex<Candidate>

    public var count: Int { index.count }

    public init(_ areas: [(id: ID, area: Area)]) {
        index = SpatialIndex(areas.map { (box: $0.area.boundingBox, value: Candidate(id: $0.id, area: $0.area, size: $0.area.areaSquareMetres)) })
    }

    /// The containing area; when areas overlap, the smallest wins.
    public func locate(_ p: GeoPoint) -> ID? {
        index.search(p).filter { $0.area.contains(p) }.min { $0.size < $1.size }?.id
    }
}
