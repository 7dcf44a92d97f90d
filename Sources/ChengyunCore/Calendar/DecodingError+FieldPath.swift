import Foundation

extension DecodingError {
    /// The coding path written as `categories[12].deadlineHours.urgent`, and a one-sentence detail.
    var pathAndDetail: (path: String, detail: String) {
        func render(_ path: [any CodingKey]) -> String {
            var out = ""
            for key in path {
                if let index = key.intValue {
                    out += "[\(index)]"
                } else {
                    out += out.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return out
        }
        switch self {
        case let .keyNotFound(key, context):
            return (render(context.codingPath + [key]), "the required key \"\(key.stringValue)\" is missing.")
        case let .typeMismatch(type, context):
            return (render(context.codingPath), "expected a value of type \(type).")
        case let .valueNotFound(type, context):
            return (render(context.codingPath), "expected a value of type \(type) but found null.")
        case let .dataCorrupted(context):
            let detail = context.underlyingError == nil ? context.debugDescription : "the data is not valid JSON."
            return (render(context.codingPath), detail.hasSuffix(".") ? detail : detail + ".")
        @unknown default:
            return ("", "the data does not decode.")
        }
    }
}
