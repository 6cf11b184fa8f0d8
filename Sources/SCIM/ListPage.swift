/// One page of a list or search: the total number of matches and the resources of the page.
public struct ListPage: Sendable {
    public var totalResults: Int
    public var startIndex: Int
    public var resources: [StoredResource]
}
