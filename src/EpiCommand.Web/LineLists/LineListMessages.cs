namespace EpiCommand.Web.Platform;

/// <summary>Messages of line-list import: each names the row and column it is reported on.</summary>
public static partial class Messages
{
    public static Text SettingNameNeedsOneId => new("填写场所名称时，“场所编号”应只写该场所一个编号（新场所在首次出现的行上命名）。",
        "With a setting name, 场所编号 must name exactly that one setting (a new setting is named on the row where it first appears).");
    public static Text SettingDeclaredDifferently(string id, string name) => new($"场所“{id}”在本文件中已命名为“{name}”（类型也须一致）。",
        $"Setting '{id}' is already named '{name}' in this file (with the same type).");
    public static Text RequiredOneOf(string labels) => new($"必填，可选：{labels}。", $"Required: one of {labels}.");
    public static Text IdTurnedIntoNumber(string text) => new($"“{text}”是数字而不是证件号：Excel 的数字只保留 15 位。请将该列设为文本格式后重新录入。",
        $"'{text}' is a number, not an ID: Excel keeps only 15 digits of a number. Format the column as text (文本) and enter the IDs again.");
    public static Text NotATime(string text) => new($"“{text}”不是时间：请写作 yyyy-MM-dd HH:mm（北京时间）。", $"'{text}' is not a time: write yyyy-MM-dd HH:mm, China time.");
    public static Text NotATimeIn(string text, string dateFormat) => new($"“{text}”不是时间：请写作 {dateFormat} HH:mm（北京时间）或 yyyy-MM-dd HH:mm。",
        $"'{text}' is not a time: write {dateFormat} HH:mm (China time) or yyyy-MM-dd HH:mm.");
    public static Text DateFormatOneOf(string text, string formats) => new($"“{text}”不是可选的日期格式，可选：{formats}。", $"'{text}' is not a date format; choose one of {formats}.");
    public static Text IdTwice(string id, int firstRow) => new($"“{id}”重复出现（首次在第 {firstRow} 行）。", $"'{id}' appears a second time (first on row {firstRow}).");
    public static Text FileUnreadable(string reason) => new($"文件无法读取：{reason}", $"The file cannot be read: {reason}");
    public static Text CsvRowUnreadable(int row, string reason) => new($"CSV 第 {row} 行无法读取：{reason}", $"Row {row} of the CSV cannot be read: {reason}");
    public static Text XlsxNoWorkbook => new("该 .xlsx 文件没有可读取的工作表。", "The .xlsx has no worksheet to read.");
    public static Text NotAnXlsx => new("该文件不是 .xlsx 工作簿（请在 Excel 或 WPS 中另存为“Excel 工作簿 (*.xlsx)”）。",
        "The file is not an .xlsx workbook (save it from Excel or WPS as \"Excel 工作簿 (*.xlsx)\").");
    public static Text SheetTooManyColumns(int max) => new($"表格超过 {max} 列（或单元格引用超出第 {max} 列），不是本平台的清单。",
        $"The sheet has more than {max} columns (or a cell reference beyond column {max}); it is not a line list of this platform.");
    public static Text SheetTooManyRows(int max) => new($"表格超过 {max} 行（空行也计入），请分成几个文件导入。",
        $"The sheet has more than {max} rows (empty ones included); import it as several files.");
    public static Text SheetCellTooLong(int max) => new($"有单元格超过 {max} 个字（Excel 单元格的上限）。", $"A cell holds more than {max} characters (Excel's limit for a cell).");
    public static Text SheetTooManyStrings(int max) => new($"共享字符串表超过 {max} 项。", $"The shared-string table has more than {max} entries.");
    public static Text SheetStringsTooLong(long max) => new($"共享字符串合计超过 {max} 个字。", $"The shared strings hold more than {max} characters in all.");
    public static Text XlsxInflatesTooMuch(long maxBytes) => new($"该 .xlsx 解压后超过 {maxBytes >> 20} MB，请分成几个文件导入。",
        $"The .xlsx inflates to more than {maxBytes >> 20} MB; import it as several files.");
    public static Text XlsxTooManyParts(int max) => new($"该 .xlsx 包含超过 {max} 个部件，不是常规工作簿。", $"The .xlsx has more than {max} parts; it is not an ordinary workbook.");
    public static Text UnknownColumn(string header) => new($"“{header}”不是本清单的列，请参照模板。", $"'{header}' is not a column of this line list; the template shows the columns.");
    public static Text ColumnTwice => new("该列出现了两次。", "The column appears twice.");
    public static Text ColumnMissing => new("缺少必填列。", "This column is required and missing.");
    public static Text NoHeaderRow(string header, int rows) => new($"前 {rows} 行中没有包含“{header}”的表头行，请从模板开始。",
        $"No header row naming '{header}' among the first {rows} rows; start from the template.");
    public static Text LinkedCaseMissing(string id) => new($"文件和病例库中都没有病例“{id}”。", $"No case '{id}' in the file or in the registry.");
    public static Text SourceCaseMissing(string id) => new($"您的管辖范围内没有病例“{id}”，请先导入病例。", $"No case '{id}' in your jurisdiction; import the cases first.");
    public static Text SourceContactMissing(string id) => new($"文件和您的管辖范围内都没有密接“{id}”。", $"No contact '{id}' in the file or in your jurisdiction.");
    public static Text CaseStoredDifferently(string id, string column) => new($"病例“{id}”已登记，但“{column}”不同；请在病例登记中修改，不要重复导入。",
        $"Case '{id}' is stored with a different {column}; change it in the case registry, not by importing it again.");
    public static Text ContactStoredDifferently(string id, string column) => new($"密接“{id}”已登记，但“{column}”不同；请在密接页面修改，不要重复导入。",
        $"Contact '{id}' is stored with a different {column}; change it on the contacts page, not by importing it again.");
    public static Text FileFieldMissing => new("请以表单字段“file”上传清单文件。", "Send the line list as the multipart form field 'file'.");
    public static Text NotASpreadsheet(string name) => new($"“{name}”既不是 .xlsx 也不是 .csv 文件。", $"'{name}' is neither an .xlsx nor a .csv file.");
    public static Text ImportHasErrors => new("清单有错误，未导入任何记录", "The line list has errors; nothing was imported");
    public static Text ImportRefused(string name, int count, int listed) => count > listed
        ? new($"“{name}”中有 {count} 处错误，下列为前 {listed} 处。未导入任何记录。", $"{count} problem(s) in '{name}'; the first {listed} are listed. Nothing was imported.")
        : new($"“{name}”中有 {count} 处错误。未导入任何记录。", $"{count} problem(s) in '{name}'. Nothing was imported.");
    public static Text UnmaskNotAllowed => new("只有流调人员和管理员可以导出完整身份证号和电话；不带 unmask=true 可导出脱敏清单。",
        "Only investigators and administrators may export full ID and phone numbers; export without unmask=true for masked ones.");
}
