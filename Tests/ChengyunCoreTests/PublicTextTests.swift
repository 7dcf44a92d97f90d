import ChengyunCore
import Testing

@Suite("公开文本过滤 public text")
struct PublicTextTests {
    @Test("电话、身份证号、邮箱被替换，标记被去掉", arguments: [
        ("路灯坏了，请联系13912345678", "路灯坏了，请联系＊＊＊"),
        ("电话 021-6234 5678 转 12", "电话 ＊＊＊ 转 12"),
        ("身份证31010119900307123X", "身份证＊＊＊"),
        ("+86 139 1234 5678 王先生", "＊＊＊ 王先生"),
        ("写信给 wang.xiaoming@example.cn 谢谢", "写信给 ＊＊＊ 谢谢"),
        ("<img src=x onerror=alert(1)>长乐路1号", "长乐路1号"),
        ("3 号楼 2 单元 501 室", "3 号楼 2 单元 501 室"),
    ])
    func redacts(_ input: String, _ expected: String) {
        #expect(PublicText.redacted(input) == expected)
    }

    @Test("过长的文本被截断")
    func cuts() {
        #expect(PublicText.redacted(String(repeating: "垃", count: 600), maxLength: 10) == String(repeating: "垃", count: 10) + "…")
    }
}
