import ChengyunServices
public import Foundation

/// The console's translation tables: one folder per language (`i18n/zh-CN/`, `i18n/en/`), one JSON object of
/// strings per part of the console, merged into one table. A key defined in two files is an error, not a silent
/// override.
public enum ConsoleStrings {
    public static func table(_ language: String, in folder: URL) throws -> [String: String] {
        let dir = folder.appendingPathComponent(language)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        var table: [String: String] = [:]
        for file in files {
            let data = try Data(contentsOf: dir.appendingPathComponent(file))
            let part = try JSONDecoder().decode([String: String].self, from: data)
            for (key, value) in part {
                guard table.updateValue(value, forKey: key) == nil else {
                    throw ConsoleError.duplicateString(key, language: language, file: file)
                }
            }
        }
        return table
    }
}
