import ChengyunCore
import Foundation
import Testing

@Suite("盘家底 ID numbers, CSV and import files")
struct BaseDataParsingTests {
    @Test("身份证号：GB 11643 校验位、出生日期与格式；x 视作 X")
    func idNumbers() {
        // The standard's own example.
        #expect(IDNumber.problem("11010519491231002X") == nil)
        #expect(IDNumber.problem(IDNumber.normalised(" 11010519491231002x ")) == nil)
        #expect(IDNumber.problem("110105194912310021") == .checksum)
        // What Excel does to an ID number typed into a number cell: 15 significant digits kept, or scientific notation.
        #expect(IDNumber.problem("110105194912310000") == .spreadsheetNumber, "rounded: the last three digits 000")
        #expect(IDNumber.problem(IDNumber.normalised("1.10105E+17")) == .spreadsheetNumber)
        #expect(IDNumber.problem("1.10105") == .form)
        #expect(BaseDataError.idNumber(.spreadsheetNumber, field: "line 3 idNumber").code == "resident.id_number_rounded")
        #expect(IDNumber.problem("11010519491331002X") == .birthDate, "month 13")
        #expect(IDNumber.problem("11010520990101002X", today: LocalDate(year: 2026, month: 12, day: 6)) == .birthDate, "born in the future")
        #expect(IDNumber.problem("1101051949123100") == .form)
        #expect(IDNumber.problem("11010519491231002Y") == .form)
        #expect(IDNumber.problem("１１０１０５１９４９１２３１００２X") == .form, "full-width digits")
        for sequence in [0, 7, 999] {
            let made = IDNumber.make(area: "310101", birth: LocalDate(year: 1988, month: 2, day: 29)!, sequence: sequence)
            #expect(IDNumber.problem(made) == nil, "\(made)")
        }
    }

    @Test("CSV：引号内的逗号、换行与双写引号；CRLF；开头的 BOM；空行")
    func csv() {
        let text = "\u{FEFF}a,b,c\r\n1,\"x, y\",\"he said \"\"hi\"\"\"\r\n\r\n2,\"two\nlines\",\n"
        let records = CSVText.records(text)
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "x, y", "he said \"hi\""], ["2", "two\nlines", ""]])
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test("导入文件：中英文表头、BOM、缺列、重复列、非 UTF-8 编码")
    func importFiles() throws {
        let file = "\u{FEFF}居委编码,姓名,身份证号,类别,党员,标签\n990001001001,张三,11010519491231002X,户籍,是,独居;disabled\n"
        let rows = try ResidentImport.rows(Array(file.utf8))
        #expect(rows.count == 1 && rows[0].line == 2 && rows[0][.name] == "张三" && rows[0][.committee] == "990001001001")
        #expect(ResidentImport.kind(rows[0][.kind]) == .registered && ResidentImport.flag(rows[0][.partyMember]) == true)
        #expect(ResidentImport.tags(rows[0][.tags]) == ["独居", "disabled"])
        #expect(ResidentImport.kind("游客") == nil && ResidentImport.flag("maybe") == nil)
        func code(_ bytes: [UInt8]) -> String? {
            do { _ = try ResidentImport.rows(bytes); return nil } catch { return error.code }
        }
        #expect(code(Array("name,idNumber\n张三,1\n".utf8)) == "resident_import.unreadable", "no committee column")
        #expect(code(Array("committee,name,姓名\n1,a,b\n".utf8)) == "resident_import.unreadable", "the name twice")
        #expect(code([]) == "resident_import.unreadable")
        // 张三 in GBK: not UTF-8.
        #expect(code(Array("committee,name\n1,".utf8) + [0xD5, 0xC5, 0xC8, 0xFD, 0x0A]) == "resident_import.unreadable")
    }
}
